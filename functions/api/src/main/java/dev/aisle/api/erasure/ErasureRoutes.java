package dev.aisle.api.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aisle.api.error.ApiException;
import dev.aisle.api.error.BadRequestException;
import dev.aisle.api.error.NotFoundException;
import dev.aisle.api.error.UnavailableException;
import dev.aisle.api.ingest.WriteRouteGuard;
import dev.aisle.function.ErasureConfig;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.ShopperHash;
import dev.aisle.storage.dynamo.ErasureStore;
import dev.aisle.storage.kafka.ErasureCommand;
import dev.aisle.storage.kafka.EventSender;
import dev.aisle.validation.Ids;
import dev.aisle.validation.Violation;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /erasures {"userId":"…"}} → 202 {@code {"erasureId":"…","status":"pending"}}, and
 * {@code GET /erasures?erasureId=…} → the erasure's status and, once complete, what it removed per
 * store. Write-route access: the API key when one is configured (and IAM or JWT at the gateway).
 *
 * <p>A request records the erasure (and the shopper's tombstone) in the erasures table under the
 * salted hash of the id, then puts an erasure command on the interactions topic keyed by the id, so
 * the stream function carries it out after every event of that shopper already on the topic. Asking
 * again while it is pending answers the same erasureId and sends the command again (a lost command
 * is healed that way; carrying it out twice is harmless); once complete, asking again starts a new
 * erasure.
 *
 * <p>Plain Vert.x routes, not a Funqy function: they need the method (a GET must never start an
 * erasure) and the 202 status. After the origin guard, before the Funqy routes.
 */
@ApplicationScoped
public class ErasureRoutes {

  private static final Logger LOG = Logger.getLogger(ErasureRoutes.class);
  static final String PATH = "/erasures";
  private static final int ORDER = -1;
  private static final Pattern ERASURE_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final WriteRouteGuard guard;
  private final ObjectMapper mapper;
  private final Optional<ShopperHash> hash;
  private final ErasureStore records;
  private final Instance<EventSender> sender;
  private final Clock clock = Clock.systemUTC();

  ErasureRoutes(
      WriteRouteGuard guard,
      ObjectMapper mapper,
      ErasureConfig config,
      DynamoDbClient dynamo,
      AisleSettings settings,
      Instance<EventSender> sender) {
    this.guard = guard;
    this.mapper = mapper;
    this.hash = config.hash();
    this.records =
        new ErasureStore(
            dynamo, settings.erasuresTable(), config.tombstoneTtl(), config.recordRetention());
    this.sender = sender;
  }

  void install(@Observes Router router) {
    router.route(PATH).order(ORDER).blockingHandler(this::handle, false);
  }

  void handle(RoutingContext ctx) {
    try {
      HttpMethod method = ctx.request().method();
      if (method != HttpMethod.POST && method != HttpMethod.GET) {
        ctx.response().putHeader(HttpHeaders.ALLOW, "GET, POST");
        throw new ApiException(405, "method_not_allowed", PATH + " accepts GET and POST only");
      }
      if (!guard.authorized(ctx.request().getHeader(WriteRouteGuard.API_KEY_HEADER))) {
        throw new ApiException(
            401,
            "unauthorized",
            "missing or invalid " + WriteRouteGuard.API_KEY_HEADER + " header");
      }
      if (hash.isEmpty()) {
        throw new ApiException(
            503, "erasure_disabled", "erasure is not configured on this api (no erasure salt)");
      }
      if (method == HttpMethod.POST) {
        respond(ctx, 202, request(ctx));
      } else {
        respond(ctx, 200, status(ctx));
      }
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  private Map<String, Object> request(RoutingContext ctx) {
    if (!WriteRouteGuard.isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      throw new ApiException(
          415, "unsupported_media_type", "Content-Type must be application/json (UTF-8)");
    }
    String userId = userId(ctx);
    ErasureStore.Erasure erasure = records.request(hash.get().of(userId), clock.instant());
    if (!sender.get().send(new ErasureCommand(erasure.erasureId(), userId))) {
      throw new UnavailableException(
          "the erasure %s is recorded but could not be queued; send the same request again"
              .formatted(erasure.erasureId()),
          RETRY_AFTER,
          null);
    }
    LOG.infof("event=erasure_requested erasureId=%s", erasure.erasureId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("erasureId", erasure.erasureId());
    body.put("status", erasure.status());
    return body;
  }

  private String userId(RoutingContext ctx) {
    JsonNode body;
    try {
      var buffer = ctx.body() == null ? null : ctx.body().buffer();
      if (buffer == null || buffer.length() == 0) {
        throw new BadRequestException(
            "empty_body", "the request body is empty; expected {\"userId\":\"…\"}");
      }
      body = mapper.readTree(buffer.getBytes());
    } catch (IOException e) {
      throw new BadRequestException("malformed_json", "the request body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw new BadRequestException(
          BadRequestException.INVALID_REQUEST, "expected {\"userId\":\"…\"}");
    }
    Set<String> fields = new java.util.TreeSet<>();
    body.fieldNames().forEachRemaining(fields::add);
    fields.remove("userId");
    if (!fields.isEmpty()) {
      throw BadRequestException.invalid(
          List.of(
              new Violation(
                  null, fields.iterator().next(), "is not a field of an erasure request")));
    }
    JsonNode id = body.get("userId");
    String problem =
        id == null || id.isNull()
            ? "is required"
            : !id.isTextual() ? "must be a string" : Ids.problem(id.asText());
    if (problem != null) {
      throw BadRequestException.invalid(List.of(new Violation(null, "userId", problem)));
    }
    return id.asText();
  }

  private Map<String, Object> status(RoutingContext ctx) {
    List<String> ids = ctx.queryParam("erasureId");
    for (String name : ctx.queryParams().names()) {
      if (!name.equals("erasureId")) {
        throw BadRequestException.invalid(
            List.of(
                new Violation(
                    null,
                    name,
                    "is not a parameter of GET /erasures (an erasure is started with POST, the shopper id in the body)")));
      }
    }
    if (ids.size() != 1 || ids.get(0).isBlank()) {
      throw BadRequestException.invalid(
          List.of(new Violation(null, "erasureId", "is required, once")));
    }
    String erasureId = ids.get(0);
    if (!ERASURE_ID.matcher(erasureId).matches()) {
      throw BadRequestException.invalid(
          List.of(new Violation(null, "erasureId", "is not an erasure id")));
    }
    ErasureStore.Erasure erasure =
        records.get(erasureId).orElseThrow(() -> new NotFoundException("no erasure " + erasureId));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("erasureId", erasure.erasureId());
    body.put("status", erasure.status());
    body.put("requestedAt", erasure.requestedAt().toString());
    if (!erasure.pending()) {
      body.put("completedAt", erasure.completedAt().toString());
      body.put("removed", erasure.removed());
    }
    return body;
  }

  private void respond(RoutingContext ctx, int status, Map<String, Object> body) {
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
          .end(mapper.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an erasure answer", e);
    }
  }
}
