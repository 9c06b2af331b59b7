package dev.aisle.infra.service;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.scheduler.ContextAttribute;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

/**
 * Every minute, EventBridge Scheduler invokes the api function with an API Gateway (payload v2)
 * event for {@code POST /outbox-relay}, so events waiting in the outbox reach Kafka even when no
 * request arrives. API Gateway has no route for that path: only this schedule's role (allowed
 * {@code lambda:InvokeFunction} on the api function alone) can call it.
 *
 * <p>The event carries an IAM authorizer block, as API Gateway writes one for a SigV4-signed call:
 * the invocation is authorized by IAM, and the api's origin check lets IAM-authorized requests
 * through without the CloudFront header.
 */
final class OutboxRelaySchedule extends Construct {

  static final String PATH = "/outbox-relay";
  private static final String USER_AGENT = "aisle-outbox-relay-schedule";

  private final Schedule schedule;

  OutboxRelaySchedule(Construct scope, String id, String stackPrefix, IFunction api) {
    super(scope, id);
    schedule =
        Schedule.Builder.create(this, "Schedule")
            .description(
                stackPrefix + ": publish events waiting in the Kafka outbox (POST " + PATH + ")")
            .schedule(ScheduleExpression.rate(Duration.minutes(1)))
            .target(
                new LambdaInvoke(
                    api,
                    ScheduleTargetBaseProps.builder()
                        .input(ScheduleTargetInput.fromObject(event()))
                        // the next minute's run relays what this one missed
                        .retryAttempts(0)
                        .maxEventAge(Duration.minutes(1))
                        .build()))
            .build();
  }

  Schedule schedule() {
    return schedule;
  }

  /** The API Gateway HTTP API (payload format 2.0) request the api's Lambda handler expects. */
  static Map<String, Object> event() {
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", "POST");
    http.put("path", PATH);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", USER_AGENT);
    Map<String, Object> iam = new LinkedHashMap<>();
    iam.put("accountId", Aws.ACCOUNT_ID);
    iam.put("callerId", "scheduler.amazonaws.com");
    iam.put("userArn", ContextAttribute.getScheduleArn());
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("accountId", Aws.ACCOUNT_ID);
    context.put("apiId", "scheduler");
    context.put("authorizer", Map.of("iam", iam));
    context.put("domainName", "scheduler.internal");
    context.put("http", http);
    context.put("requestId", ContextAttribute.getExecutionId());
    context.put("routeKey", "POST " + PATH);
    context.put("stage", "$default");
    context.put("time", ContextAttribute.getScheduledTime());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", "POST " + PATH);
    event.put("rawPath", PATH);
    event.put("rawQueryString", "");
    event.put("headers", Map.of("user-agent", USER_AGENT));
    event.put("requestContext", context);
    event.put("isBase64Encoded", false);
    return event;
  }
}
