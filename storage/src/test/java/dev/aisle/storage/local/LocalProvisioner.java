package dev.aisle.storage.local;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.Provisioner;
import dev.aisle.storage.dynamo.TableDefinitions;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * Creates the tables, buckets and topics of the local stack's {@code stack.env} when they are
 * missing ({@code stack.sh up} runs it; the creating is {@link Provisioner}'s). Idempotent: run it
 * as often as you like. In AWS the CDK app owns them.
 */
public final class LocalProvisioner {

  private LocalProvisioner() {}

  public static void main(String[] args) {
    Path env = args.length > 0 ? Path.of(args[0]) : StackEnv.RELATIVE_PATH;
    AisleSettings settings = StackEnv.settings(env);
    ensure(settings);
    System.out.printf(
        "provisioned tables %s, buckets %s, topics %s%n",
        TableDefinitions.all(settings).stream().map(CreateTableRequest::tableName).toList(),
        List.of(settings.modelsBucket(), settings.cdnBucket()),
        List.of(settings.interactionsTopic(), settings.deadLetterTopic()));
  }

  public static void ensure(AisleSettings settings) {
    Provisioner.ensure(settings);
  }
}
