package dev.aisle.event;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Event ids for events sent without one: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp
 * followed by 74 random bits, so ids sort by arrival time and never collide in practice. A
 * generated id cannot make a resent event idempotent: clients that retry must send their own ids.
 *
 * <p>The random bits come from the operating system on every call ({@code NativePRNGNonBlocking}
 * reads {@code /dev/urandom}), not from a generator seeded once: Lambda SnapStart resumes many
 * containers from one memory snapshot, and a seeded generator (ThreadLocalRandom, Random, a DRBG)
 * would resume in every one of them with the same state and hand out the same ids.
 */
public final class EventIds {

  /** The kernel's generator where there is one (Linux, macOS); the platform default elsewhere. */
  private static final SecureRandom RANDOM = systemRandom();

  private EventIds() {}

  public static String next(Instant now) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    ByteBuffer bits = ByteBuffer.wrap(random);
    long millis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
    long high = millis << 16 | 0x7000L | bits.getShort() & 0x0FFFL;
    long low = bits.getLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  /** The algorithm behind the random bits (for tests and diagnostics). */
  public static String randomnessAlgorithm() {
    return RANDOM.getAlgorithm();
  }

  private static SecureRandom systemRandom() {
    try {
      return SecureRandom.getInstance("NativePRNGNonBlocking");
    } catch (NoSuchAlgorithmException notOnThisPlatform) {
      return new SecureRandom();
    }
  }
}
