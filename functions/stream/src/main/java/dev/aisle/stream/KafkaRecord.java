package dev.aisle.stream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One Kafka record as the Lambda event source delivers it: key and value base64-encoded, headers as
 * a list of single-entry maps from header name to the value's bytes (JSON numbers).
 *
 * @param timestamp epoch millis
 * @param timestampType {@code CREATE_TIME} or {@code LOG_APPEND_TIME}
 */
public record KafkaRecord(
    String topic,
    int partition,
    long offset,
    long timestamp,
    String timestampType,
    String key,
    String value,
    List<Map<String, int[]>> headers) {

  public KafkaRecord {
    headers = headers == null ? List.of() : headers;
  }

  /** The key as UTF-8 text; null when the record has none. */
  public String keyText() {
    return key == null ? null : new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8);
  }

  /** The value's bytes; empty for a null value. @throws IllegalArgumentException when not base64 */
  public byte[] valueBytes() {
    return value == null ? new byte[0] : Base64.getDecoder().decode(value);
  }

  /** {@code <topic>-<partition>}: the event's grouping key and half of a failure's identifier. */
  public String topicPartition() {
    return topic + "-" + partition;
  }

  /** The last header of this name as bytes; null when absent. */
  public byte[] header(String name) {
    byte[] found = null;
    for (Map<String, int[]> header : headers) {
      int[] value = header.get(name);
      if (value != null) {
        found = new byte[value.length];
        for (int i = 0; i < value.length; i++) {
          found[i] = (byte) value[i];
        }
      }
    }
    return found;
  }

  /** Header bytes as the event source writes them (signed or unsigned numbers, one per byte). */
  public static int[] headerValue(byte[] bytes) {
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i];
    }
    return out;
  }
}
