package dev.aisle.api;

import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.quarkus.amazon.lambda.runtime.MockHttpEventServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Lambda mock event server of every {@code @QuarkusTest} of this module (the test port, where
 * REST Assured's calls and raw API Gateway events enter the Lambda handler), bound to 127.0.0.1.
 * Quarkus' own mock event server listens on every interface and has no host setting, so it is
 * switched off ({@code %test.quarkus.lambda.mock-event-server.enabled=false}) and this resource
 * starts the same server (Quarkus' {@link MockHttpEventServer}, its routes and handlers) on
 * loopback and points the application's Lambda runtime loop at it. Global to the module (a test
 * resource without {@code restrictToAnnotatedClass}); profiles that turn global resources off list
 * it themselves (ServingProfile).
 */
@QuarkusTestResource(LoopbackLambdaEvents.class)
public class LoopbackLambdaEvents implements QuarkusTestResourceLifecycleManager {

  private MockEventServer server;

  @Override
  public Map<String, String> start() {
    if (!lambdaBuild()) {
      // the local build (-Dlocal) has a real HTTP server on the test port and no Lambda handler
      return Map.of();
    }
    int port =
        ConfigProvider.getConfig()
            .getOptionalValue("quarkus.http.test-port", Integer.class)
            .orElse(8081);
    server = new MockHttpEventServer();
    startOnLoopback(server, port);
    return Map.of(
        "quarkus-internal.aws-lambda.test-api", "127.0.0.1:" + port + MockEventServer.BASE_PATH);
  }

  @Override
  public void stop() {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * What {@link MockEventServer#start(int)} does, with the host set: its Vert.x instance, server
   * and router are its fields (the first private, hence reflection), its routes its own.
   */
  static void startOnLoopback(MockEventServer server, int port) {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMaxWorkerExecuteTime(60)
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES));
    // Quarkus' default header limit (Vert.x's own is 8 KB); request lines up to 16 KiB, like the
    // api's own server (API Gateway takes 10,240 bytes), so over-long URLs reach the api
    HttpServer http =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setMaxHeaderSize(20 * 1024)
                .setMaxInitialLineLength(16 * 1024));
    Router router = Router.router(vertx);
    try {
      set(server, "vertx", vertx);
      set(server, "httpServer", http);
      set(server, "router", router);
      server.setupRoutes();
      http.requestHandler(router).listen().toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot start the mock event server on 127.0.0.1:" + port, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean lambdaBuild() {
    try {
      Class.forName(
          "io.quarkus.amazon.lambda.http.LambdaHttpHandler",
          false,
          LoopbackLambdaEvents.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void set(MockEventServer server, String name, Object value) {
    try {
      Field field = MockEventServer.class.getDeclaredField(name);
      field.setAccessible(true);
      field.set(server, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "MockEventServer has no field " + name + " (a Quarkus upgrade?)", e);
    }
  }
}
