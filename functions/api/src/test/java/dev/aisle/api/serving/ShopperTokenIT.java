package dev.aisle.api.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.aisle.privacy.ShopperTokens;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.s3.ModelStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * GET /recommendations with shopper tokens on ({@code aisle.shopper-token.secret} set): a token
 * reads its own shopper's list only, every bad token is the same 401, public routes stay open, and
 * neither tokens nor ids reach the log.
 */
@QuarkusTest
@TestProfile(ServingProfile.Tokens.class)
class ShopperTokenIT {

  private static final ShopperTokens TOKENS = ShopperTokens.of(ServingProfile.Tokens.SECRET);
  private static final String HEADER = "x-aisle-shopper-token";

  @Inject AisleSettings settings;

  @Inject DynamoDbClient dynamo;

  @Inject S3Client s3;

  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(
              record.getMessage()
                  + " "
                  + String.valueOf(
                      record.getParameters() == null ? "" : List.of(record.getParameters())));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void plantModel() {
    PlantedModels.publishV1UnlessCurrent(new ModelStore(s3, settings.modelsBucket()));
    PlantedModels.plantShoppers(dynamo, settings);
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stopCapture() {
    Logger.getLogger("").removeHandler(capture);
  }

  private static String token(String user) {
    return TOKENS.mint(user, Instant.now(), Duration.ofMinutes(15));
  }

  private static ValidatableResponse read(String query, String token) {
    var request = given();
    if (token != null) {
      request.header(HEADER, token);
    }
    return request.get("/recommendations?" + query).then();
  }

  private static List<String> items(String query, String token) {
    return read(query, token)
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.itemId", String.class);
  }

  @Test
  void aGoodTokenReadsItsShoppersList() {
    List<String> u1 = items("userId=u1&k=10", token("u1"));
    List<String> u2 = items("userId=u2&k=10", token("u2"));
    assertThat(u1).contains("i9");
    // u2 bought i9: their list is theirs, not u1's
    assertThat(u2).isNotEmpty().doesNotContain("i9");
    assertThat(u2).isNotEqualTo(u1);
    // tokens of the previous secret still verify while it is listed (rotation)
    assertThat(
            items(
                "userId=u1&k=10",
                ShopperTokens.of(ServingProfile.Tokens.OLD_SECRET)
                    .mint("u1", Instant.now(), Duration.ofMinutes(1))))
        .isEqualTo(u1);
  }

  @Test
  void aTokenOfShopperANeverReturnsShopperBsList() {
    String aToken = token("u1");
    for (String query :
        List.of(
            "userId=u2",
            "userId=u2&k=3",
            "userId=u1&userId=u2",
            "userId=u2&userId=u1",
            "userId=U1",
            "userId=u1%20",
            "userId=%20u1")) {
      refused(read(query, aToken));
    }
  }

  @Test
  void everyBadTokenGetsTheSame401() {
    String good = token("u1");
    String[] parts = good.split("\\.");
    String expired = TOKENS.mint("u1", Instant.now().minusSeconds(60), Duration.ofSeconds(1));
    String tampered = "v1." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2];
    String otherSecret =
        ShopperTokens.of("not-the-secret").mint("u1", Instant.now(), Duration.ofMinutes(5));
    refused(read("userId=u1", null));
    for (String bad :
        List.of(
            expired,
            tampered,
            otherSecret,
            "",
            "v1",
            "v1.abc.def",
            parts[0] + "." + parts[1] + ".%%%",
            good + "x")) {
      refused(read("userId=u1", bad));
    }
    // a token in a POSTed body or a POST with the query: the guarded route answers GET only
    given()
        .header(HEADER, good)
        .contentType("application/json")
        .body("{\"userId\":\"u1\"}")
        .post("/recommendations")
        .then()
        .statusCode(405)
        .body("error", equalTo("method_not_allowed"));
    assertThat(logged)
        .noneMatch(
            line -> line.contains(good) || line.contains(tampered) || line.contains(expired));
  }

  @Test
  void withoutAUserIdTheQueryIsStillA400() {
    read("k=3", null).statusCode(400).body("error", equalTo("invalid_request"));
  }

  @Test
  void publicRoutesNeedNoToken() {
    given().get("/similar?itemId=i0&k=3").then().statusCode(200);
    given().get("/health").then().statusCode(200);
  }

  private static void refused(ValidatableResponse response) {
    response
        .statusCode(401)
        .body("error", equalTo("unauthorized"))
        .body("message", equalTo("a valid " + HEADER + " header for this userId is required"));
  }
}
