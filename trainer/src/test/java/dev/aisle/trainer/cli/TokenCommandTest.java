package dev.aisle.trainer.cli;

import static dev.aisle.trainer.cli.AisleTrainerTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.privacy.ShopperTokens;
import dev.aisle.trainer.cli.AisleTrainerTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aisle-trainer token}: prints a token the api's rule accepts for that shopper and lifetime.
 */
class TokenCommandTest {

  @TempDir Path dir;

  @Test
  void printsATokenForTheShopperValidForTheTtl() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "cli-secret,older-secret\n");
    long before = Instant.now().getEpochSecond();
    Result result =
        run("token", "--user", "shopper-42", "--ttl", "15m", "--secret-file", secret.toString());
    assertThat(result.exit()).as(result.err()).isZero();
    String token = result.out().strip();
    long exp = Long.parseLong(token.split("\\.")[1]);
    assertThat(exp).isBetween(before + 900, Instant.now().getEpochSecond() + 900);
    ShopperTokens rule = ShopperTokens.of("cli-secret");
    assertThat(rule.verify(token, "shopper-42", Instant.now())).isTrue();
    assertThat(rule.verify(token, "shopper-43", Instant.now())).isFalse();
    assertThat(rule.verify(token, "shopper-42", Instant.ofEpochSecond(exp + 1))).isFalse();
  }

  @Test
  void badInputIsOneLineAndExitCodeTwo() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "cli-secret");
    for (String[] args :
        new String[][] {
          {"token", "--user", "u", "--ttl", "0m", "--secret-file", secret.toString()},
          {"token", "--user", "u", "--ttl", "30d", "--secret-file", secret.toString()},
          {"token", "--user", "u", "--ttl", "soon", "--secret-file", secret.toString()},
          {"token", "--user", "", "--secret-file", secret.toString()},
          {"token", "--user", "u", "--secret-file", dir.resolve("none").toString()},
          {"token", "--secret-file", secret.toString()}
        }) {
      Result result = run(args);
      assertThat(result.exit()).as(String.join(" ", args)).isEqualTo(AisleTrainer.USAGE_ERROR);
      assertThat(result.out()).isEmpty();
      assertThat(result.err().strip()).doesNotContain("\n").doesNotContain("cli-secret");
    }
  }
}
