package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;

/**
 * Build artifacts: a missing one is named with its build command; the trainer image hash is stable.
 */
class ArtifactsTest {

  @Test
  void missingFunctionZipNamesTheBuildCommand() {
    Map<String, Object> context = new LinkedHashMap<>(Synthesis.cdkJsonContext());
    context.put("aisle:apiZip", "does/not/exist/function.zip");
    context.put("aisle:streamZip", Synthesis.fixtures().resolve("stream/function.zip").toString());
    context.put("aisle:trainerDir", Synthesis.fixtures().resolve("trainer").toString());
    assertThatThrownBy(() -> Synthesis.synthesize(context))
        .hasMessageContaining("function.zip does not exist")
        .hasMessageContaining("./mvnw -B -pl functions/api -am package -DskipTests");
  }

  @Test
  void trainerImageDependsOnDockerfileAndJarOnly() throws Exception {
    Path clean = Synthesis.tempDir("trainer-clean");
    Synthesis.writeTrainer(clean, "jar v1");
    Path withLeftovers = Synthesis.tempDir("trainer-leftovers");
    Synthesis.writeTrainer(withLeftovers, "jar v1");
    Files.createDirectories(withLeftovers.resolve("target/classes/dev/aisle"));
    Files.writeString(withLeftovers.resolve("target/classes/dev/aisle/Trainer.class"), "bytes");
    Files.createDirectories(withLeftovers.resolve("src/main/java"));
    Files.writeString(withLeftovers.resolve("src/main/java/Trainer.java"), "class Trainer {}");
    Files.writeString(withLeftovers.resolve("pom.xml"), "<project/>");
    Path newJar = Synthesis.tempDir("trainer-new-jar");
    Synthesis.writeTrainer(newJar, "jar v2");

    assertThat(imageHash(withLeftovers)).isEqualTo(imageHash(clean));
    assertThat(imageHash(newJar)).isNotEqualTo(imageHash(clean));
  }

  /** The asset hash of an image built the way the Trainer construct builds it. */
  private static String imageHash(Path directory) {
    Stack stack = new Stack(new App(), "Hash");
    return DockerImageAsset.Builder.create(stack, "Image")
        .directory(directory.toString())
        .exclude(dev.aisle.infra.service.Trainer.IMAGE_CONTEXT_EXCLUDES)
        .build()
        .getAssetHash();
  }
}
