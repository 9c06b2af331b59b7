package dev.aisle.api;

import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code GET /health} → {@code {"status":"ok","modelVersion":...}}. */
@ApplicationScoped
public class HealthFunction {

  /** The health answer; {@code modelVersion} is null until a model has been loaded. */
  public record Health(String status, String modelVersion) {}

  @Funq("health")
  public Health health() {
    return new Health("ok", null);
  }
}
