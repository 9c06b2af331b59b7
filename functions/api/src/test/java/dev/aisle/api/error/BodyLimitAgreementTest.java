package dev.aisle.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.validation.BodyLimit;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The body limit the api enforces is the one the docs, the error message and an edge rule state.
 */
class BodyLimitAgreementTest {

  @Test
  void theApisConfiguredLimitIsBodyLimitMaxBytes() throws Exception {
    Properties properties = new Properties();
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("application.properties")) {
      properties.load(in);
    }

    String configured = properties.getProperty("quarkus.http.limits.max-body-size");

    assertThat(new MemorySizeConverter().convert(configured).asLongValue())
        .isEqualTo(BodyLimit.MAX_BYTES);
  }
}
