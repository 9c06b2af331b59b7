package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentIndexTest {

  private final SegmentIndex index =
      new SegmentIndex(
          "m1",
          List.of("country", "device"),
          List.of(
              new SegmentIndex.Rule(Map.of("country", "de", "device", "mobile"), "s1", 40),
              new SegmentIndex.Rule(Map.of("country", "de"), "s2", 90),
              new SegmentIndex.Rule(Map.of("device", "mobile"), "s3", 300)),
          "s0",
          List.of(
              new SegmentIndex.Segment("s0", 500, Map.of("country", "us")),
              new SegmentIndex.Segment("s1", 40, Map.of()),
              new SegmentIndex.Segment("s2", 50, Map.of()),
              new SegmentIndex.Segment("s3", 260, Map.of())),
          null);

  @Test
  void firstMatchingRuleWinsMostSpecificFirst() {
    assertThat(index.assign(Map.of("country", "DE", "device", "mobile"))).isEqualTo("s1");
    assertThat(index.assign(Map.of("country", "de", "device", "desktop"))).isEqualTo("s2");
    assertThat(index.assign(Map.of("country", "fr", "device", " Mobile "))).isEqualTo("s3");
  }

  @Test
  void unknownMissingOrBlankContextFallsBack() {
    assertThat(index.assign(Map.of("country", "jp"))).isEqualTo("s0");
    assertThat(index.assign(Map.of())).isEqualTo("s0");
    assertThat(index.assign(null)).isEqualTo("s0");
    Map<String, String> blank = new HashMap<>();
    blank.put("country", "  ");
    blank.put("device", null);
    assertThat(index.assign(blank)).isEqualTo("s0");
  }

  /**
   * Indexes name their run's lists; an index written before (no field) points at the old flat
   * folder.
   */
  @Test
  void listsNameTheRunsPrefixAndOldIndexesFallBackToTheFlatFolder() throws Exception {
    assertThat(index.listsPrefix()).isEqualTo("segments/");
    assertThat(Json.mapper().readTree(Json.mapper().writeValueAsBytes(index)).has("lists"))
        .isFalse();
    SegmentIndex run = index.withLists("segments/m1-0a1b2c3d/");
    assertThat(run.listsPrefix()).isEqualTo("segments/m1-0a1b2c3d/");
    SegmentIndex back = SegmentIndex.parse(Json.mapper().writeValueAsBytes(run));
    assertThat(back.lists()).isEqualTo("segments/m1-0a1b2c3d/");
    assertThat(back.assign(Map.of("country", "de"))).isEqualTo("s2");
  }

  @Test
  void extraContextKeysAreIgnored() {
    assertThat(index.assign(Map.of("country", "de", "channel", "email", "device", "tablet")))
        .isEqualTo("s2");
  }

  @Test
  void jsonRoundTripKeepsShapeAndIsDeterministic() throws Exception {
    byte[] json = Json.mapper().writeValueAsBytes(index);
    JsonNode tree = Json.mapper().readTree(json);
    assertThat(tree.get("modelVersion").asText()).isEqualTo("m1");
    assertThat(tree.get("fallback").asText()).isEqualTo("s0");
    assertThat(tree.get("rules").get(0).get("match").fieldNames())
        .toIterable()
        .containsExactly("country", "device");
    assertThat(tree.get("rules").get(0).get("segment").asText()).isEqualTo("s1");
    assertThat(tree.get("segments").get(0).get("shoppers").asLong()).isEqualTo(500);

    SegmentIndex back = Json.mapper().readValue(json, SegmentIndex.class);
    assertThat(back).isEqualTo(index);
    assertThat(Json.mapper().writeValueAsBytes(back)).isEqualTo(json);
  }

  @Test
  void rulesMustHoldNormalizedNonBlankValues() {
    assertThatThrownBy(() -> new SegmentIndex.Rule(Map.of("country", "DE"), "s1", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("country");
    assertThatThrownBy(() -> new SegmentIndex.Rule(Map.of("country", ""), "s1", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesGzipEncodedObjectsAsStoredInTheCdnBucket() throws Exception {
    byte[] json = Json.mapper().writeValueAsBytes(index);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(json);
    }
    assertThat(SegmentIndex.parse(gz.toByteArray())).isEqualTo(index);
    assertThat(SegmentIndex.parse(json)).isEqualTo(index);
  }

  @Test
  void segmentLookupById() {
    assertThat(index.segment("s3").shoppers()).isEqualTo(260);
    assertThat(index.segment("nope")).isNull();
  }
}
