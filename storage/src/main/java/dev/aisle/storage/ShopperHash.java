package dev.aisle.storage;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The salted hash of a shopper id that erasure records and tombstones keep instead of the id:
 * HMAC-SHA256 keyed with the erasure salt ({@code AISLE_ERASURE_SALT}), lower-case hex. Without the
 * salt a hash cannot be matched against a list of guessed ids (emails, customer numbers); with it,
 * the stream and the trainer can tell whether a shopper is erased.
 */
public final class ShopperHash {

  private static final String ALGORITHM = "HmacSHA256";

  /** A salt shorter than this is refused: it could be guessed along with the ids. */
  public static final int MIN_SALT_LENGTH = 16;

  private final SecretKeySpec key;

  public ShopperHash(String salt) {
    if (salt == null || salt.strip().length() < MIN_SALT_LENGTH) {
      throw new IllegalArgumentException(
          "the erasure salt must have at least " + MIN_SALT_LENGTH + " characters");
    }
    this.key = new SecretKeySpec(salt.strip().getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** 64 hex characters. */
  public String of(String userId) {
    try {
      // a Mac is not thread-safe and cheap to make
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "ShopperHash[salt hidden]";
  }
}
