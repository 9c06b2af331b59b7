package dev.aisle.infra;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Synthesizes the real app offline, as {@code cdk synth} would: the feature flags of cdk.json, plus
 * context that points the artifacts at small fixtures (function zips and a trainer folder made
 * here), so the tests need no function or trainer build. One synthesis per configuration.
 */
final class Synthesis {

  /** A synthesized deployment, its cloud assembly and its three templates. */
  record Result(
      AisleDeployment deployment,
      CloudAssembly assembly,
      Template data,
      Template edge,
      Template service) {

    List<CloudFormationStackArtifact> stacks() {
      return List.of(
          stack(deployment.data()), stack(deployment.edge()), stack(deployment.service()));
    }

    List<Template> templates() {
      return List.of(data, edge, service);
    }

    CloudFormationStackArtifact stack(Stack stack) {
      return assembly.getStackByName(stack.getStackName());
    }

    JsonNode json(Template template) {
      return Json.mapper().valueToTree(template.toJSON());
    }
  }

  private static final Map<Map<String, Object>, Result> CACHE = new ConcurrentHashMap<>();
  private static Path fixtures;

  private Synthesis() {}

  static Result defaults() {
    return of(Map.of());
  }

  /** A profile's deployment with nothing else set. */
  static Result profile(String name) {
    return name.equals("standard") ? defaults() : of(Map.of("aisle:profile", name));
  }

  static synchronized Result of(Map<String, Object> context) {
    Result cached = CACHE.get(context);
    if (cached != null) {
      return cached;
    }
    Map<String, Object> all = new LinkedHashMap<>(cdkJsonContext());
    Path dir = fixtures();
    all.put("aisle:apiZip", dir.resolve("api/function.zip").toString());
    all.put("aisle:streamZip", dir.resolve("stream/function.zip").toString());
    all.put("aisle:trainerDir", dir.resolve("trainer").toString());
    all.put("aisle:sparkJar", dir.resolve("spark/aisle-trainer-spark.jar").toString());
    all.putAll(context);
    Result result = synthesize(all);
    CACHE.put(context, result);
    return result;
  }

  /** An app built from exactly this context (no fixtures added): for configuration errors. */
  static Result synthesize(Map<String, Object> context) {
    App app = App.Builder.create().context(context).outdir(tempDir("cdk-out").toString()).build();
    AisleDeployment deployment = AisleDeployment.create(app);
    // One synthesis (with the cdk-nag aspects); the templates are read from the assembly.
    CloudAssembly assembly = app.synth();
    return new Result(
        deployment,
        assembly,
        template(assembly, deployment.data()),
        template(assembly, deployment.edge()),
        template(assembly, deployment.service()));
  }

  @SuppressWarnings("unchecked")
  private static Template template(CloudAssembly assembly, Stack stack) {
    return Template.fromJSON(
        (Map<String, Object>) assembly.getStackByName(stack.getStackName()).getTemplate());
  }

  /** The "context" object of infra/aws/cdk.json (surefire runs in the module directory). */
  static Map<String, Object> cdkJsonContext() {
    try {
      JsonNode context = Json.mapper().readTree(Path.of("cdk.json").toFile()).get("context");
      Map<String, Object> values = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        values.put(entry.getKey(), Json.mapper().treeToValue(entry.getValue(), Object.class));
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized Path fixtures() {
    if (fixtures == null) {
      fixtures = tempDir("aisle-artifacts");
      writeZip(fixtures.resolve("api/function.zip"), "api");
      writeZip(fixtures.resolve("stream/function.zip"), "stream");
      writeTrainer(fixtures.resolve("trainer"), "jar");
      writeZip(fixtures.resolve("spark/aisle-trainer-spark.jar"), "spark");
    }
    return fixtures;
  }

  /** A trainer folder as the trainer module leaves it: Dockerfile and target/aisle-trainer.jar. */
  static void writeTrainer(Path dir, String jarContent) {
    try {
      Files.createDirectories(dir.resolve("target"));
      Files.writeString(
          dir.resolve("Dockerfile"),
          "FROM public.ecr.aws/amazoncorretto/amazoncorretto:17-al2023-headless\n"
              + "COPY target/aisle-trainer.jar /opt/aisle/aisle-trainer.jar\n",
          UTF_8);
      Files.writeString(dir.resolve("target/aisle-trainer.jar"), jarContent, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeZip(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
        zip.putNextEntry(new ZipEntry("README"));
        zip.write(content.getBytes(UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A temporary folder removed with its content when the test JVM exits. */
  static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort at exit: a leftover temporary folder is harmless.
    }
  }
}
