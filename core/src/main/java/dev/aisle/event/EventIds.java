package dev.aisle.event;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids for events sent without one: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp
 * followed by 74 random bits, so ids sort by arrival time and never collide in practice. A
 * generated id cannot make a resent event idempotent: clients that retry must send their own ids.
 */
public final class EventIds {

  private EventIds() {}

  public static String next(Instant now) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long millis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
    long high = millis << 16 | 0x7000L | random.nextLong() & 0x0FFFL;
    long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
