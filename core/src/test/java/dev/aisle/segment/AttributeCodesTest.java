package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.IdIndex;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeCodesTest {

  private final IdIndex shoppers = new IdIndex(List.of("u0", "u1", "u2", "u3", "u4"));

  @Test
  void normalizesValuesCodesThemLexicallyAndSkipsUnknownShoppers() {
    AttributeCodes.Builder builder =
        AttributeCodes.builder(List.of("country", "device"), shoppers)
            .add("u0", Map.of("country", " FR", "device", "mobile"))
            .add("u1", Map.of("country", "de", "device", "Desktop", "email", "x@example.com"))
            .add("u2", Map.of("country", "DE "))
            .add("nobody", Map.of("country", "de"));
    AttributeCodes codes = builder.build(1);

    assertThat(builder.accepted()).isEqualTo(3);
    assertThat(builder.unknown()).isEqualTo(1);
    assertThat(codes.names()).containsExactly("country", "device");
    assertThat(codes.cardinality(0)).isEqualTo(2);
    assertThat(codes.value(0, 0)).isEqualTo("de");
    assertThat(codes.value(0, 1)).isEqualTo("fr");
    assertThat(codes.codes(0))
        .containsExactly(1, 0, 0, AttributeCodes.MISSING, AttributeCodes.MISSING);
    assertThat(codes.codes(1))
        .containsExactly(
            1, 0, AttributeCodes.MISSING, AttributeCodes.MISSING, AttributeCodes.MISSING);
  }

  @Test
  void valuesBelowMinimumSupportBecomeMissingAndAreNeverListed() {
    AttributeCodes codes =
        AttributeCodes.builder(List.of("postcode"), shoppers)
            .add("u0", Map.of("postcode", "10115"))
            .add("u1", Map.of("postcode", "20095"))
            .add("u2", Map.of("postcode", "20095"))
            .add("u3", Map.of("postcode", " "))
            .build(2);

    assertThat(codes.cardinality(0)).isEqualTo(1);
    assertThat(codes.value(0, 0)).isEqualTo("20095");
    assertThat(codes.codes(0))
        .containsExactly(
            AttributeCodes.MISSING, 0, 0, AttributeCodes.MISSING, AttributeCodes.MISSING);
  }
}
