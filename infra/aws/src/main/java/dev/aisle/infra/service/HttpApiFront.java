package dev.aisle.infra.service;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.DeployConfig.Throttle;
import dev.aisle.infra.config.LogRetention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The API Gateway HTTP API (payload v2) in front of the api function: the six routes of the design,
 * reads open by default, writes behind IAM or a JWT authorizer, each group throttled on its own,
 * JSON access logs without client addresses or payloads.
 *
 * <p>With IAM, the managed policy {@link #writerPolicy()} is what a shop attaches to the role of
 * its backend that sends events and catalog updates (requests signed with SigV4).
 */
public final class HttpApiFront extends Construct {

  /** A route of the design: method, path and whether it changes data. */
  public record Route(HttpMethod method, String path, boolean write) {
    String key() {
      return method.name() + " " + path;
    }
  }

  public static final List<Route> ROUTES =
      List.of(
          new Route(HttpMethod.GET, "/health", false),
          new Route(HttpMethod.GET, "/recommendations", false),
          new Route(HttpMethod.GET, "/similar", false),
          new Route(HttpMethod.POST, "/events", true),
          new Route(HttpMethod.POST, "/items", true),
          new Route(HttpMethod.POST, "/users", true),
          // erasure: starting one and reading its status both need a writer's credentials
          new Route(HttpMethod.POST, "/erasures", true),
          new Route(HttpMethod.GET, "/erasures", true),

          // an access request: everything stored about one shopper, for the shop's backend only
          new Route(HttpMethod.GET, "/users/export", true));

  private final HttpApi api;
  private final HttpStage stage;
  private final Map<Route, HttpRoute> routes = new LinkedHashMap<>();
  private final ManagedPolicy writerPolicy;

  public HttpApiFront(Construct scope, String id, DeployConfig config, IFunction target) {
    super(scope, id);
    DeployConfig.Api settings = config.api();
    HttpApi.Builder apiBuilder =
        HttpApi.Builder.create(this, "Api")
            .apiName(config.stackPrefix() + "-api")
            .description("Aisle: events, catalog and recommendations")
            .createDefaultStage(false);
    if (!settings.corsOrigins().isEmpty()) {
      apiBuilder.corsPreflight(
          CorsPreflightOptions.builder()
              .allowOrigins(settings.corsOrigins())
              .allowMethods(
                  List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS))
              .allowHeaders(
                  List.of(
                      "content-type",
                      "authorization",
                      "x-amz-date",
                      "x-amz-security-token",
                      "x-amz-content-sha256",
                      "x-aisle-shopper-token"))
              .maxAge(Duration.hours(1))
              .build());
    }
    api = apiBuilder.build();

    LogGroup accessLogs =
        LogGroup.Builder.create(this, "AccessLogs")
            .retention(LogRetention.of(config.logRetentionDays()))
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    stage =
        HttpStage.Builder.create(this, "DefaultStage")
            .httpApi(api)
            .stageName("$default")
            .autoDeploy(true)
            .throttle(
                ThrottleSettings.builder()
                    .rateLimit(settings.reads().rateLimit())
                    .burstLimit(settings.reads().burstLimit())
                    .build())
            .accessLogSettings(accessLogSettings(new LogGroupLogDestination(accessLogs)))
            .build();
    throttleWrites((CfnStage) stage.getNode().getDefaultChild(), settings.writes());

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration(
            "Function",
            target,
            HttpLambdaIntegrationProps.builder()
                .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
                .build());
    IHttpRouteAuthorizer authorizer = authorizer(settings);
    for (Route route : ROUTES) {
      AddRoutesOptions.Builder options =
          AddRoutesOptions.builder()
              .path(route.path())
              .methods(List.of(route.method()))
              .integration(integration);
      if (route.write() || settings.protectReads()) {
        options.authorizer(authorizer);
      }
      routes.put(route, api.addRoutes(options.build()).get(0));
    }
    // The stage's RouteSettings name the write routes by key: CloudFormation must create those
    // routes first, or the first deployment fails with "Unable to find Route by key".
    routes.forEach(
        (route, httpRoute) -> {
          if (route.write()) {
            stage.getNode().addDependency(httpRoute);
          }
        });

    writerPolicy =
        ManagedPolicy.Builder.create(this, "WriterPolicy")
            .description(
                "Lets a shop's backend call the Aisle write routes (POST /events, /items, /users; GET /users/export)")
            .statements(
                List.of(
                    PolicyStatement.Builder.create()
                        .actions(List.of("execute-api:Invoke"))
                        .resources(writeRouteArns())
                        .build()))
            .build();
  }

  public HttpApi api() {
    return api;
  }

  public HttpStage stage() {
    return stage;
  }

  public String url() {
    return stage.getUrl();
  }

  public Map<Route, HttpRoute> routes() {
    return routes;
  }

  public ManagedPolicy writerPolicy() {
    return writerPolicy;
  }

  private List<String> writeRouteArns() {
    List<String> arns = new ArrayList<>();
    for (Route route : ROUTES) {
      if (route.write()) {
        arns.add(api.arnForExecuteApi(route.method().name(), route.path(), "$default"));
      }
    }
    return arns;
  }

  private static IHttpRouteAuthorizer authorizer(DeployConfig.Api settings) {
    if (settings.writeAuth() == DeployConfig.WriteAuth.JWT) {
      return new HttpJwtAuthorizer(
          "JwtAuthorizer",
          settings.jwtIssuer().orElseThrow(),
          HttpJwtAuthorizerProps.builder().jwtAudience(settings.jwtAudience()).build());
    }
    return new HttpIamAuthorizer();
  }

  /** The stage's default throttle covers reads; the write routes get their own limits. */
  private static void throttleWrites(CfnStage stage, Throttle writes) {
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Route route : ROUTES) {
      if (route.write()) {
        settings.put(
            route.key(),
            Map.of(
                "ThrottlingRateLimit", writes.rateLimit(),
                "ThrottlingBurstLimit", writes.burstLimit()));
      }
    }
    stage.addPropertyOverride("RouteSettings", settings);
  }

  /** One JSON line per request: identifiers, status and timings; no client address, no payload. */
  private static IAccessLogSettings accessLogSettings(IAccessLogDestination destination) {
    String format =
        "{\"requestId\":\"$context.requestId\",\"routeKey\":\"$context.routeKey\","
            + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
            + "\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integrationLatency\","
            + "\"integrationError\":\"$context.integrationErrorMessage\","
            + "\"authorizerError\":\"$context.authorizer.error\",\"time\":\"$context.requestTime\"}";
    return new IAccessLogSettings() {
      @Override
      public IAccessLogDestination getDestination() {
        return destination;
      }

      @Override
      public AccessLogFormat getFormat() {
        return AccessLogFormat.custom(format);
      }
    };
  }
}
