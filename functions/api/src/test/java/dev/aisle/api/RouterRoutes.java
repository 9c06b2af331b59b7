package dev.aisle.api;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paths the api's Vert.x router serves on routes of their own (plain Vert.x routes such as
 * {@code /erasures}, and the exact-path guards in front of functions), for the check that every
 * served route is documented: Funqy's registry alone does not see routes that are not functions.
 * Captured when the router is built, as the api's own route classes install theirs.
 */
@ApplicationScoped
public class RouterRoutes {

  private volatile Router router;

  void capture(@Observes Router router) {
    this.router = router;
  }

  /**
   * The exact paths of the router's routes: not regular expressions, not the catch-all and wildcard
   * routes of the body handler and of Funqy, not Quarkus' own {@code /q/} endpoints.
   */
  public Set<String> exactPaths() {
    Set<String> paths = new TreeSet<>();
    if (router == null) {
      return paths;
    }
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path != null
          && !route.isRegexPath()
          && !path.equals("/")
          && !path.startsWith("/q/")
          && !path.endsWith("/")) {
        paths.add(path);
      }
    }
    return paths;
  }
}
