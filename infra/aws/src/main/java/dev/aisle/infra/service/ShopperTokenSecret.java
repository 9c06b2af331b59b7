package dev.aisle.infra.service;

import dev.aisle.infra.config.DeployConfig;
import java.util.List;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.SecretsManagerSecretOptions;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The secret that signs shopper tokens (docs/privacy.md): generated in Secrets Manager, handed to
 * the api function as a CloudFormation dynamic reference (resolved at deployment, so the api needs
 * no Secrets Manager permission, no VPC endpoint and no call at cold start), and readable by the
 * shop's backends through {@link #minterPolicy()}, which allows reading this one secret and nothing
 * else.
 *
 * <p>The value may be a comma-separated list: every entry verifies, the first mints. Rotation: put
 * {@code new,old} as a new version, deploy with {@code aisle:shopperTokenSecretVersion=<its
 * VersionId>} (the function's environment changes, so CloudFormation resolves the reference again),
 * wait one token lifetime, put {@code new} and deploy with its version id.
 */
public final class ShopperTokenSecret extends Construct {

  /** Where the api (ShopperTokenGuard) reads the secret. */
  public static final String VARIABLE = "AISLE_SHOPPER_TOKEN_SECRET";

  private final Secret secret;
  private final ManagedPolicy minterPolicy;
  private final DeployConfig.ShopperTokens settings;

  public ShopperTokenSecret(Construct scope, String id, DeployConfig.ShopperTokens settings) {
    super(scope, id);
    this.settings = settings;
    secret =
        Secret.Builder.create(this, "Secret")
            .description(
                "Signs Aisle shopper tokens (x-aisle-shopper-token on GET /recommendations); a comma-separated"
                    + " list while rotating: the first entry mints, every entry verifies")
            .generateSecretString(
                SecretStringGenerator.builder()
                    // letters and digits only: a comma would split the value into two secrets
                    .excludePunctuation(true)
                    .includeSpace(false)
                    .passwordLength(48)
                    .build())
            .build();
    minterPolicy =
        ManagedPolicy.Builder.create(this, "MinterPolicy")
            .description("Lets a shop's backend read the secret that signs Aisle shopper tokens")
            .statements(
                List.of(
                    PolicyStatement.Builder.create()
                        .actions(
                            List.of(
                                "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"))
                        .resources(List.of(secret.getSecretArn()))
                        .build()))
            .build();
  }

  /** The value as a dynamic reference, pinned to a version when one is configured. */
  public String value() {
    return settings
        .secretVersion()
        .map(
            version ->
                SecretValue.secretsManager(
                        secret.getSecretArn(),
                        SecretsManagerSecretOptions.builder().versionId(version).build())
                    .unsafeUnwrap())
        .orElseGet(() -> secret.getSecretValue().unsafeUnwrap());
  }

  public Secret secret() {
    return secret;
  }

  public ManagedPolicy minterPolicy() {
    return minterPolicy;
  }
}
