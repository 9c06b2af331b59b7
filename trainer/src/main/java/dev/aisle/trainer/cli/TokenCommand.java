package dev.aisle.trainer.cli;

import dev.aisle.privacy.ShopperTokens;
import dev.aisle.validation.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aisle-trainer token --user U --ttl 15m}: prints a signed shopper token for {@code U}, what
 * a shop's backend sends with {@code GET /recommendations} (docs/privacy.md). The secret comes from
 * {@code AISLE_SHOPPER_TOKEN_SECRET} (the first of a comma-separated list mints) or a file, never
 * from a flag: flags end up in shell histories and process lists.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description =
        "Prints a signed shopper token (header x-aisle-shopper-token of GET /recommendations). The secret:"
            + " AISLE_SHOPPER_TOKEN_SECRET, or --secret-file.")
final class TokenCommand implements Callable<Integer> {

  static final String SECRET_VARIABLE = "AISLE_SHOPPER_TOKEN_SECRET";
  private static final Duration MAX_TTL = Duration.ofDays(7);

  @Option(
      names = "--user",
      required = true,
      paramLabel = "USER_ID",
      description = "The shopper id the token is for.")
  String user;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description =
          "How long the token is valid: 15m, 2h, 1d or ISO-8601 (default: ${DEFAULT-VALUE}; at most 7d).")
  String ttl = "15m";

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description =
          "A file holding the secret (or a comma-separated list); instead of "
              + SECRET_VARIABLE
              + ".")
  Path secretFile;

  @Override
  public Integer call() throws IOException {
    String problem = Ids.problem(user);
    if (problem != null) {
      throw new IllegalArgumentException("--user " + problem);
    }
    Duration lifetime = TrainerDefaults.parseDuration(ttl);
    if (lifetime == null
        || lifetime.isNegative()
        || lifetime.isZero()
        || lifetime.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "--ttl must be a positive duration of at most 7d, got " + ttl);
    }
    System.out.println(tokens().mint(user, Instant.now(), lifetime));
    return 0;
  }

  private ShopperTokens tokens() throws IOException {
    String secrets;
    if (secretFile != null) {
      if (!Files.isRegularFile(secretFile)) {
        throw new IllegalArgumentException("no such secret file: " + secretFile);
      }
      secrets = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
    } else {
      secrets = System.getenv(SECRET_VARIABLE);
    }
    if (secrets == null || secrets.isBlank()) {
      throw new IllegalArgumentException(
          "no secret: set " + SECRET_VARIABLE + " or pass --secret-file");
    }
    return ShopperTokens.of(secrets);
  }
}
