package dev.aisle.infra.service;

import dev.aisle.infra.access.Permissions;
import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.data.Buckets;
import dev.aisle.infra.data.DataStack;
import dev.aisle.infra.data.Kafka;
import dev.aisle.infra.data.Network;
import dev.aisle.infra.data.Tables;
import dev.aisle.storage.EventRetention;
import dev.aisle.storage.dynamo.TableDefinitions;
import dev.aisle.storage.s3.ModelStore;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * What runs: the api and stream functions, the HTTP API behind CloudFront and the web ACL, the
 * stream's Kafka event source, the outbox relay's schedule, the trainer (a Fargate task or a Spark
 * job on EMR Serverless, {@code aisle:trainer}) and its schedule, the alarms. Stateless;
 * redeploying or deleting it leaves every table, bucket and topic as it was.
 */
public final class ServiceStack extends Stack {

  /** The stream updater's consumer group on the interactions topic. */
  static final String STREAM_CONSUMER_GROUP = "aisle-stream";

  /** Everything the CDN precompute writes lives under this prefix (docs/precompute.md). */
  static final String CDN_PREFIX = "v1/";

  /** The api's origin check (OriginGuard) reads the CloudFront header's expected value here. */
  static final String ORIGIN_SECRET_VARIABLE = "AISLE_ORIGIN_SECRET";

  static final String ERASURE_SALT_VARIABLE = "AISLE_ERASURE_SALT";

  private final AisleFunction api;
  private final AisleFunction stream;
  private final EventSourceMapping interactionsSource;
  private final HttpApiFront front;
  private final ApiDistribution apiDistribution;
  private final OutboxRelaySchedule relay;
  private final java.util.Optional<Trainer> trainer;
  private final java.util.Optional<EmrServerlessTrainer> emrTrainer;
  private final Alarms alarms;
  private final Secret erasureSalt;

  /** What the api's writes to the events, items and users tables need. */
  private static final String[] PUT_ACTIONS = {"dynamodb:PutItem", "dynamodb:BatchWriteItem"};

  private final java.util.Optional<ShopperTokenSecret> shopperTokens;

  public ServiceStack(
      Construct scope, String id, StackProps props, DeployConfig config, DataStack data) {
    super(scope, id, props);
    Network network = data.network();
    Tables tables = data.tables();
    Buckets buckets = data.buckets();
    Kafka kafka = data.kafka();
    String clusterArn = kafka.clusterArn();
    String interactions = DataStack.TOPICS.interactionsTopic();
    String deadLetters = DataStack.TOPICS.deadLetterTopic();
    DeployConfig.Functions functions = config.functions();

    erasureSalt =
        Secret.Builder.create(this, "ErasureSalt")
            .description(
                "Salt of the shopper-id hash kept by Aisle's erasure records and tombstones")
            .generateSecretString(
                SecretStringGenerator.builder()
                    .excludePunctuation(true)
                    .includeSpace(false)
                    .passwordLength(48)
                    .build())
            .build();
    api =
        new AisleFunction(
            this,
            "ApiFunction",
            new AisleFunction.Spec(
                "Aisle api: events, catalog and recommendations (API Gateway HTTP API)",
                functions.apiZip(),
                "./mvnw -B -pl functions/api -am package -DskipTests",
                "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest",
                functions.apiMemoryMiB(),
                functions.apiTimeoutSeconds(),
                functions.apiProvisionedConcurrency(),
                merge(apiEnvironment(config, data), functions.apiEnvironment())),
            config,
            network.vpc(),
            network.privateSubnets(),
            network.kafkaClientSecurityGroup());
    // byTime: a shopper's recent events
    Permissions.readItems(api.role(), tables.events(), TableDefinitions.EVENTS_BY_TIME_INDEX);
    // Events, the catalog and attributes are only ever put (one by one or in batches): no update or
    // delete.
    Permissions.itemActions(api.role(), tables.events(), PUT_ACTIONS);
    // the outbox: an entry per POST /events until Kafka acknowledged it; the relay reads the rest
    Permissions.readItems(api.role(), tables.outbox());
    Permissions.writeItems(api.role(), tables.outbox());
    // byUpdateTime: catalog changes since the served model's cut.
    Permissions.readItems(
        api.role(),
        tables.items(),
        TableDefinitions.UNAVAILABLE_ITEMS_INDEX,
        TableDefinitions.ITEMS_BY_UPDATE_TIME_INDEX);
    // The catalog's content (titles, categories, tags) for similar items of new products.
    Permissions.scan(api.role(), tables.items());
    Permissions.itemActions(api.role(), tables.items(), PUT_ACTIONS);
    Permissions.readItems(api.role(), tables.users());
    Permissions.itemActions(api.role(), tables.users(), PUT_ACTIONS);
    Permissions.readItems(api.role(), tables.userState());
    Permissions.readObjects(api.role(), buckets.models(), ModelStore.DEFAULT_PREFIX);
    Permissions.readObjects(api.role(), buckets.cdn(), CDN_PREFIX);
    Permissions.kafkaConnect(api.role(), clusterArn);
    Permissions.kafkaProduce(api.role(), clusterArn, interactions);
    // POST /erasures writes the record and the tombstone (conditional puts); GET reads a record
    Permissions.itemActions(api.role(), tables.erasures(), "dynamodb:GetItem", "dynamodb:PutItem");

    stream =
        new AisleFunction(
            this,
            "StreamFunction",
            new AisleFunction.Spec(
                "Aisle stream updater: folds interactions into each shopper's vector (MSK event source)",
                functions.streamZip(),
                "./mvnw -B -pl functions/stream -am package -DskipTests",
                "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest",
                functions.streamMemoryMiB(),
                functions.streamTimeoutSeconds(),
                0,
                merge(streamEnvironment(config, data), functions.streamEnvironment())),
            config,
            network.vpc(),
            network.privateSubnets(),
            network.kafkaClientSecurityGroup());
    Permissions.readItems(stream.role(), tables.userState());
    Permissions.writeItems(stream.role(), tables.userState());
    Permissions.readItems(stream.role(), tables.events(), TableDefinitions.EVENTS_BY_TIME_INDEX);
    Permissions.readItems(stream.role(), tables.items(), TableDefinitions.UNAVAILABLE_ITEMS_INDEX);
    Permissions.readObjects(stream.role(), buckets.models(), ModelStore.DEFAULT_PREFIX);
    Permissions.kafkaConnect(stream.role(), clusterArn);
    Permissions.kafkaConsume(stream.role(), clusterArn, interactions, STREAM_CONSUMER_GROUP);
    // Erasure commands: the shopper's events by partition key (Query) deleted in batches, their
    // state,
    // attributes and outbox keys; the record completed, tombstones read; their snapshot part
    // rewritten.
    Permissions.itemActions(stream.role(), tables.events(), "dynamodb:BatchWriteItem");
    Permissions.itemActions(stream.role(), tables.users(), "dynamodb:DeleteItem");
    Permissions.itemActions(
        stream.role(),
        tables.outbox(),
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:DeleteItem");
    Permissions.itemActions(
        stream.role(),
        tables.erasures(),
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:UpdateItem");
    Permissions.readObjects(stream.role(), buckets.models(), Buckets.SNAPSHOTS_PREFIX);
    Permissions.writeObjects(stream.role(), buckets.models(), Buckets.SNAPSHOTS_PREFIX);
    // The function's poison records and (provisioned pollers) the event source's failed records.
    Permissions.kafkaProduce(stream.role(), clusterArn, deadLetters);
    if (!kafka.topicsDeclared()) {
      // MSK Serverless has no topic resource: the functions create the two topics at start.
      Permissions.kafkaCreateTopics(api.role(), clusterArn, interactions, deadLetters);
      Permissions.kafkaCreateTopics(stream.role(), clusterArn, interactions, deadLetters);
    }
    interactionsSource =
        StreamSourceMapping.create(
            this,
            "InteractionsSource",
            config,
            stream.alias(),
            clusterArn,
            interactions,
            STREAM_CONSUMER_GROUP,
            deadLetters);
    // The mapping checks the role's permissions when it is created.
    interactionsSource.getNode().addDependency(stream.role());

    front = new HttpApiFront(this, "Http", config, api.alias());
    apiDistribution = new ApiDistribution(this, "ApiEdge", config, front.api(), buckets.logs());
    api.function().addEnvironment(ORIGIN_SECRET_VARIABLE, apiDistribution.acceptedSecretValues());
    api.function()
        .addEnvironment(ERASURE_SALT_VARIABLE, erasureSalt.getSecretValue().unsafeUnwrap());
    stream
        .function()
        .addEnvironment(ERASURE_SALT_VARIABLE, erasureSalt.getSecretValue().unsafeUnwrap());
    // Personalized reads need a shopper token minted with this secret (docs/privacy.md).
    shopperTokens =
        config.api().shopperTokens().enabled()
            ? java.util.Optional.of(
                new ShopperTokenSecret(this, "ShopperTokens", config.api().shopperTokens()))
            : java.util.Optional.empty();
    shopperTokens.ifPresent(
        tokens -> api.function().addEnvironment(ShopperTokenSecret.VARIABLE, tokens.value()));
    relay = new OutboxRelaySchedule(this, "OutboxRelay", config.stackPrefix(), api.alias());

    Map<String, String> trainerEnvironment =
        merge(trainerEnvironment(config, data), config.trainer().environment());
    IGrantable trainerRole;
    if (config.trainer().onEmrServerless()) {
      // the trainer skips erased shoppers: EMR Serverless reads the salt from the secret when a run
      // starts
      emrTrainer =
          java.util.Optional.of(
              new EmrServerlessTrainer(
                  this,
                  "SparkTrainer",
                  config,
                  network.vpc(),
                  network.trainerSubnets(),
                  network.trainerSecurityGroup(),
                  trainerEnvironment,
                  Map.of(ERASURE_SALT_VARIABLE, erasureSalt)));
      trainer = java.util.Optional.empty();
      trainerRole = emrTrainer.get().jobRole();
    } else {
      trainer =
          java.util.Optional.of(
              new Trainer(
                  this,
                  "Trainer",
                  config,
                  network.vpc(),
                  network.trainerSubnets(),
                  network.trainerHasPublicIp(),
                  network.trainerSecurityGroup(),
                  trainerEnvironment));
      emrTrainer = java.util.Optional.empty();
      // the trainer skips erased shoppers: it hashes ids with the same salt, injected by ECS from
      // the secret
      trainer
          .get()
          .task()
          .getDefaultContainer()
          .addSecret(
              ERASURE_SALT_VARIABLE,
              software.amazon.awscdk.services.ecs.Secret.fromSecretsManager(erasureSalt));
      trainerRole = trainer.get().taskRole();
    }
    grantTrainer(trainerRole, data);

    alarms = new Alarms(this, "Alarms", config);
    alarms.function("Api", api.function(), 5);
    alarms.function("Stream", stream.function(), 1);
    alarms.api(front, config.alarms());
    alarms.outbox(config.alarms());
    alarms.model(config.alarms());
    alarms.streamLag(stream.function(), config.alarms().streamMaxOffsetLag());
    alarms.deadLetters(interactionsSource, config.streamSource().provisioned());
    trainer.ifPresent(
        fargate ->
            alarms.trainer(
                fargate.failures(),
                "task stopped with a non-zero exit code, failed to start, or counted a failure"));
    emrTrainer.ifPresent(
        emr ->
            alarms.trainer(
                emr.failures(),
                "EMR Serverless job run failed or was cancelled, or counted a failure"));

    output(
        "ApiUrl",
        apiDistribution.url(),
        "Base URL of the api through CloudFront and its web ACL: storefronts (GET"
            + " /recommendations, /similar) and JWT-authorized writers");
    output(
        "ApiGatewayUrl",
        front.url(),
        "The HTTP API's own URL: only for SigV4-signed (IAM) calls of the write"
            + " routes; anything else is refused there");
    output(
        "ApiWriterPolicyArn",
        front.writerPolicy().getManagedPolicyArn(),
        "Attach to the role of a backend that calls the write routes (IAM authorization)");
    shopperTokens.ifPresent(
        tokens -> {
          output(
              "ShopperTokenSecretArn",
              tokens.secret().getSecretArn(),
              "The secret a shop's backend signs shopper tokens with (docs/privacy.md)");
          output(
              "ShopperTokenMinterPolicyArn",
              tokens.minterPolicy().getManagedPolicyArn(),
              "Attach to the role of a backend that mints shopper tokens (reads that one secret)");
        });
    output(
        "ApiDistributionId",
        apiDistribution.distribution().getDistributionId(),
        "CloudFront distribution of the api");
    output("AlarmTopicArn", alarms.topic().getTopicArn(), "SNS topic of every alarm");
    trainer.ifPresent(
        fargate -> {
          output(
              "TrainerClusterArn",
              fargate.cluster().getClusterArn(),
              "ECS cluster of the trainer task");
          output(
              "TrainerTaskDefinitionArn",
              fargate.task().getTaskDefinitionArn(),
              "Run it by hand with aws ecs run-task (docs/deploy.md)");
        });
    emrTrainer.ifPresent(
        emr -> {
          output(
              "TrainerApplicationId",
              emr.application().getAttrApplicationId(),
              "EMR Serverless application of the Spark trainer: run it by hand with aws emr-serverless start-job-run");
          output(
              "TrainerJobRoleArn",
              emr.jobRole().getRoleArn(),
              "The Spark trainer's job role (start-job-run)");
          output(
              "TrainerJarUri",
              emr.jarUri(),
              "The Spark trainer's jar (start-job-run's entry point)");
        });
  }

  public AisleFunction api() {
    return api;
  }

  public AisleFunction stream() {
    return stream;
  }

  public HttpApiFront front() {
    return front;
  }

  public ApiDistribution apiDistribution() {
    return apiDistribution;
  }

  public EventSourceMapping interactionsSource() {
    return interactionsSource;
  }

  public Schedule relaySchedule() {
    return relay.schedule();
  }

  /** The Fargate trainer, unless {@code aisle:trainer=emr-serverless}. */
  public java.util.Optional<Trainer> trainer() {
    return trainer;
  }

  /** The Spark trainer on EMR Serverless, with {@code aisle:trainer=emr-serverless}. */
  public java.util.Optional<EmrServerlessTrainer> emrTrainer() {
    return emrTrainer;
  }

  /**
   * What a training run reads and writes, whichever engine runs it: the same grants for both roles.
   */
  private static void grantTrainer(IGrantable role, DataStack data) {
    Tables tables = data.tables();
    Buckets buckets = data.buckets();
    Permissions.scan(role, tables.events());
    // byAcceptTime: what was accepted since the last cut; the scan stays for --full.
    Permissions.readItems(
        role,
        tables.events(),
        TableDefinitions.EVENTS_BY_TIME_INDEX,
        TableDefinitions.EVENTS_BY_ACCEPT_TIME_INDEX);
    Permissions.scan(role, tables.items());
    Permissions.readItems(role, tables.items(), TableDefinitions.UNAVAILABLE_ITEMS_INDEX);
    Permissions.scan(role, tables.users());
    // the live tombstones: erased shoppers' events are skipped
    Permissions.scan(role, tables.erasures());
    Permissions.readObjects(role, buckets.models(), ModelStore.DEFAULT_PREFIX);
    Permissions.writeObjects(role, buckets.models(), ModelStore.DEFAULT_PREFIX);
    // The pairs snapshot: the trainer's alone.
    Permissions.readObjects(role, buckets.models(), Buckets.SNAPSHOTS_PREFIX);
    Permissions.writeObjects(role, buckets.models(), Buckets.SNAPSHOTS_PREFIX);
    Permissions.readObjects(role, buckets.cdn(), CDN_PREFIX);
    Permissions.writeObjects(role, buckets.cdn(), CDN_PREFIX);
    data.cdn().distribution().grantCreateInvalidation(role);
  }

  /**
   * The salt of the shopper-id hash in erasure records and tombstones (never rotated: that orphans
   * tombstones).
   */
  public Secret erasureSalt() {
    return erasureSalt;
  }

  /** The shopper token secret, unless {@code aisle:shopperTokens=false}. */
  public java.util.Optional<ShopperTokenSecret> shopperTokens() {
    return shopperTokens;
  }

  /** The AISLE_* settings (AisleSettings.fromEnv) every function gets. */
  private static Map<String, String> functionEnvironment(DataStack data) {
    Map<String, String> env = storeEnvironment(data);
    env.put("AISLE_KAFKA_BOOTSTRAP", data.kafka().bootstrapServers());
    env.put("AISLE_KAFKA_AUTH", "iam");
    env.put("AISLE_INTERACTIONS_TOPIC", DataStack.TOPICS.interactionsTopic());
    env.put("AISLE_DEAD_LETTER_TOPIC", DataStack.TOPICS.deadLetterTopic());
    // MSK Serverless has no topic resource: there the functions create missing topics.
    env.put("AISLE_PROVISION_TOPICS", Boolean.toString(!data.kafka().topicsDeclared()));
    return env;
  }

  private static Map<String, String> apiEnvironment(DeployConfig config, DataStack data) {
    Map<String, String> env = functionEnvironment(data);
    if (config.tables().eventRetentionDays() > 0) {
      // DynamoDB's TTL removes events this long after their timestamp (docs/ingest.md).
      env.put("AISLE_INGEST_EVENT_RETENTION", config.tables().eventRetentionDays() + "d");
    }
    env.put(EventRetention.VARIABLE, eventRetention(config));
    return env;
  }

  private static Map<String, String> streamEnvironment(DeployConfig config, DataStack data) {
    Map<String, String> env = functionEnvironment(data);
    env.put(
        StreamSourceMapping.REPORT_FAILURES_VARIABLE,
        StreamSourceMapping.reportsRecordFailures(config.streamSource()));
    return env;
  }

  /**
   * The retention the api's TTL and the trainer's reads share (docs/privacy.md); 0 keeps events.
   */
  private static String eventRetention(DeployConfig config) {
    int days = config.tables().eventRetentionDays();
    return days > 0 ? days + "d" : "0";
  }

  private static Map<String, String> trainerEnvironment(DeployConfig config, DataStack data) {
    Map<String, String> env = storeEnvironment(data);
    env.put(EventRetention.VARIABLE, eventRetention(config));
    env.put("AISLE_CDN_DISTRIBUTION_ID", data.cdn().distribution().getDistributionId());
    return env;
  }

  private static Map<String, String> storeEnvironment(DataStack data) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AISLE_REGION", Aws.REGION);
    env.put("AISLE_EVENTS_TABLE", data.tables().events().getTableName());
    env.put("AISLE_ITEMS_TABLE", data.tables().items().getTableName());
    env.put("AISLE_USERS_TABLE", data.tables().users().getTableName());
    env.put("AISLE_USER_STATE_TABLE", data.tables().userState().getTableName());
    env.put("AISLE_OUTBOX_TABLE", data.tables().outbox().getTableName());
    env.put("AISLE_ERASURES_TABLE", data.tables().erasures().getTableName());
    env.put("AISLE_MODELS_BUCKET", data.buckets().models().getBucketName());
    env.put("AISLE_CDN_BUCKET", data.buckets().cdn().getBucketName());
    return env;
  }

  /** Context-supplied settings come last: a deployment may override any default. */
  private static Map<String, String> merge(
      Map<String, String> base, Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(base);
    merged.putAll(overrides);
    return merged;
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }
}
