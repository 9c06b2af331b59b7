package dev.aisle.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed shopper tokens: the proof a storefront sends with a personalized read that the shop's
 * backend vouches for this shopper, for a while.
 *
 * <p>A token is {@code v1.<expiry>.<signature>}: {@code expiry} in epoch seconds (decimal), {@code
 * signature} the unpadded base64url HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the UTF-8
 * text {@code v1.<expiry>.<userId>}. The shopper id is not in the token: the reader names the
 * shopper (the request's {@code userId}), and a token signed for another shopper does not verify.
 *
 * <p>Every secret in the list verifies; the first one mints. Rotation: deploy {@code new,old}, wait
 * for tokens minted with {@code old} to expire (their TTL), then deploy {@code new}.
 *
 * <p>{@link #verify} answers only true or false, whatever the reason, and compares signatures in
 * constant time, so neither the answer nor its timing tells which check failed.
 */
public final class ShopperTokens {

  public static final String VERSION = "v1";
  private static final String ALGORITHM = "HmacSHA256";

  /** Expiry digits beyond this are not a time this century: refused before parsing. */
  private static final int MAX_EXPIRY_DIGITS = 12;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final List<SecretKeySpec> keys;

  /**
   * @param secrets the accepted secrets, the minting one first; blank entries are ignored
   */
  public ShopperTokens(List<String> secrets) {
    this.keys =
        secrets.stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), ALGORITHM))
            .toList();
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one non-blank shopper token secret is needed");
    }
  }

  /** The secrets of a comma-separated setting ({@code AISLE_SHOPPER_TOKEN_SECRET}). */
  public static ShopperTokens of(String commaSeparatedSecrets) {
    return new ShopperTokens(List.of(commaSeparatedSecrets.split(",")));
  }

  /** A token for {@code userId} valid until {@code expiry} (second precision). */
  public String mint(String userId, Instant expiry) {
    Objects.requireNonNull(userId, "userId");
    long exp = expiry.getEpochSecond();
    return VERSION + "." + exp + "." + signature(keys.get(0), exp, userId);
  }

  /** A token for {@code userId} valid for {@code ttl} from {@code now}. */
  public String mint(String userId, Instant now, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the token's time to live must be positive");
    }
    return mint(userId, now.plus(ttl));
  }

  /**
   * Whether {@code token} was minted with one of the secrets for {@code userId} and has not expired
   * at {@code now} (valid up to and including its expiry second). Null or malformed: false.
   */
  public boolean verify(String token, String userId, Instant now) {
    if (token == null || userId == null) {
      return false;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION) || !isExpiry(parts[1])) {
      return false;
    }
    long exp = Long.parseLong(parts[1]);
    byte[] presented = parts[2].getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (SecretKeySpec key : keys) {
      // every secret is tried and compared in constant time: the timing says nothing about which
      // secret, or whether any, matched; the canonical text is compared, so no other encoding of
      // the same bytes (padding, stray bits) is a second valid token
      match |=
          MessageDigest.isEqual(
              signature(key, exp, userId).getBytes(StandardCharsets.US_ASCII), presented);
    }
    return match & now.getEpochSecond() <= exp;
  }

  private static boolean isExpiry(String text) {
    if (text.isEmpty()
        || text.length() > MAX_EXPIRY_DIGITS
        || (text.length() > 1 && text.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String signature(SecretKeySpec key, long exp, String userId) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return ENCODER.encodeToString(
          mac.doFinal((VERSION + "." + exp + "." + userId).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
