package dev.aisle.trainer.publish;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.local.LocalStack;
import dev.aisle.storage.local.StackEnv;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CLI's tables and buckets are: the local stack's {@code stack.env} when this runs in a
 * checkout whose stack has been started (so {@code s3://} and the events table go to the local
 * servers), else the {@code AISLE_*} environment (the container task in AWS).
 */
public final class Settings {

  private Settings() {}

  public static AisleSettings resolve() {
    try {
      Path env = LocalStack.repositoryRoot().resolve(StackEnv.RELATIVE_PATH);
      if (Files.exists(env)) {
        return StackEnv.settings(env);
      }
    } catch (IllegalStateException notInCheckout) {
      // no checkout around us: the environment is all there is
    }
    return AisleSettings.fromEnv(System.getenv());
  }
}
