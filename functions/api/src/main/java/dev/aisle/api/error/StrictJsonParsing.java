package dev.aisle.api.error;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * How request bodies are parsed (Funqy copies the application's ObjectMapper): a field given twice
 * in one object is an error rather than "the last one wins", and JSON nested deeper than any
 * request of the api needs is refused before it costs anything.
 */
@Singleton
public class StrictJsonParsing implements ObjectMapperCustomizer {

  /** Deepest nesting a request may have; the api's bodies need 4 ({"events":[{"context":{}}]}). */
  public static final int MAX_NESTING_DEPTH = 32;

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
  }
}
