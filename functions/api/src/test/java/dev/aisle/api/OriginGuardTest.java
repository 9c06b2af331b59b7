package dev.aisle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.json.Json;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision alone: which header values pass, and that plain HTTP requests carry no IAM caller.
 */
class OriginGuardTest {

  private final OriginGuard rotating =
      new OriginGuard(List.of(" current-secret ", "previous-secret"), Json.mapper());

  @Test
  void eitherSecretOfARotationPassesAndNothingElse() {
    assertThat(rotating.fromCloudFront("current-secret")).isTrue();
    assertThat(rotating.fromCloudFront("previous-secret")).isTrue();
    assertThat(rotating.fromCloudFront(null)).isFalse();
    assertThat(rotating.fromCloudFront("")).isFalse();
    assertThat(rotating.fromCloudFront("current")).isFalse();
    assertThat(rotating.fromCloudFront("current-secret ")).isFalse();
    assertThat(rotating.fromCloudFront("CURRENT-SECRET")).isFalse();
    assertThat(rotating.fromCloudFront("current-secret,previous-secret")).isFalse();
  }

  @Test
  void blankSecretsAreIgnoredSoAnEmptyHeaderNeverMatches() {
    OriginGuard blank = new OriginGuard(List.of("", "  "), Json.mapper());
    assertThat(blank.fromCloudFront("")).isFalse();
    assertThat(blank.fromCloudFront(null)).isFalse();
  }

  @Test
  void aRequestOutsideLambdaHasNoIamCaller() {
    assertThat(
            rotating.authorizedByIam(
                MultiMap.caseInsensitiveMultiMap().add("authorization", "AWS4-HMAC-SHA256 x")))
        .isFalse();
  }
}
