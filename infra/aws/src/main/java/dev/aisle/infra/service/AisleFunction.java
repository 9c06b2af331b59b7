package dev.aisle.infra.service;

import dev.aisle.infra.access.Permissions;
import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.DeployConfig.FunctionBuild;
import dev.aisle.infra.config.LogRetention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One Quarkus function in the VPC, in either build:
 *
 * <ul>
 *   <li>JVM (default): the {@code java21} (or {@code java25}) runtime, which runs the Java 17
 *       build, with SnapStart on published versions. Callers invoke the {@code live} alias, which
 *       always points at the newest version, so every deployment restores from a fresh snapshot
 *       instead of a cold JVM start.
 *   <li>Native: {@code provided.al2023} with the GraalVM binary's zip (its {@code bootstrap} is the
 *       entry point; SnapStart does not apply).
 * </ul>
 *
 * <p>The role is its own, with no managed policy: log writing to this function's log group, the VPC
 * network interfaces, and whatever the caller adds through {@link Permissions}.
 */
public final class AisleFunction extends Construct {

  /**
   * What differs between the api and the stream function.
   *
   * @param provisionedConcurrency instances the live alias keeps initialized (0: none; SnapStart
   *     restores the others)
   */
  public record Spec(
      String description,
      Path zip,
      String buildCommand,
      String jvmHandler,
      int memoryMiB,
      int timeoutSeconds,
      int provisionedConcurrency,
      Map<String, String> environment) {}

  private final Function function;
  private final Alias alias;
  private final Role role;

  public AisleFunction(
      Construct scope,
      String id,
      Spec spec,
      DeployConfig config,
      IVpc vpc,
      SubnetSelection subnets,
      ISecurityGroup securityGroup) {
    super(scope, id);
    DeployConfig.Functions functions = config.functions();
    boolean jvm = functions.build() == FunctionBuild.JVM;
    role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description(spec.description() + " (execution role)")
            .build();
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(LogRetention.of(config.logRetentionDays()))
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    logs.grantWrite(role);
    Permissions.vpcNetworkInterfaces(role);

    Map<String, String> environment = new TreeMap<>(spec.environment());
    if (!jvm) {
      // Quarkus native on Lambda: the runtime, not the binary, handles SIGTERM.
      environment.put("DISABLE_SIGNAL_HANDLERS", "true");
    }
    Function.Builder builder =
        Function.Builder.create(this, "Function")
            .description(spec.description())
            .runtime(jvm ? javaRuntime(functions.javaRuntime()) : Runtime.PROVIDED_AL2023)
            // The native zip's bootstrap ignores the handler; Lambda still requires one.
            .handler(jvm ? spec.jvmHandler() : "native.handler")
            .code(Code.fromAsset(requireArtifact(spec.zip(), spec.buildCommand()).toString()))
            .architecture(
                functions.architecture() == DeployConfig.CpuArchitecture.ARM64
                    ? Architecture.ARM_64
                    : Architecture.X86_64)
            .memorySize(spec.memoryMiB())
            .timeout(Duration.seconds(spec.timeoutSeconds()))
            .role(role)
            .logGroup(logs)
            .vpc(vpc)
            .vpcSubnets(subnets)
            .securityGroups(List.of(securityGroup))
            .environment(environment);
    if (jvm) {
      builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
    }
    function = builder.build();
    if (jvm) {
      Annotations.of(function)
          .acknowledgeWarning(
              "@aws-cdk/aws-lambda:snapStartRequirePublish",
              "Callers invoke the live alias of the published current version");
    }
    Alias.Builder live =
        Alias.Builder.create(this, "Live").aliasName("live").version(function.getCurrentVersion());
    if (spec.provisionedConcurrency() > 0) {
      live.provisionedConcurrentExecutions(spec.provisionedConcurrency());
    }
    alias = live.build();
  }

  public Function function() {
    return function;
  }

  /**
   * What callers invoke: the newest published version (its SnapStart snapshot in the JVM build).
   */
  public Alias alias() {
    return alias;
  }

  public Role role() {
    return role;
  }

  private static Runtime javaRuntime(String name) {
    return "java25".equals(name) ? Runtime.JAVA_25 : Runtime.JAVA_21;
  }

  /** A missing zip is a build step not yet run: say which, instead of CDK's "cannot find asset". */
  static Path requireArtifact(Path path, String buildCommand) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          path.toAbsolutePath().normalize()
              + " does not exist: build it first with `"
              + buildCommand
              + "` (or point the context key at it)");
    }
    return path;
  }
}
