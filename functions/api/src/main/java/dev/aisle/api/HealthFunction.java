package dev.aisle.api;

import dev.aisle.api.serving.ModelHolder;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code GET /health} → {@code {"status":"ok","modelVersion":...}}: the container answers, and
 * which model it serves. Cheap: it never loads a model or calls a store.
 */
@ApplicationScoped
public class HealthFunction {

  private final ModelHolder models;

  HealthFunction(ModelHolder models) {
    this.models = models;
  }

  /** The health answer; {@code modelVersion} is null until a model has been loaded. */
  public record Health(String status, String modelVersion) {}

  @Funq("health")
  public Health health() {
    return new Health("ok", models.loadedVersion().orElse(null));
  }
}
