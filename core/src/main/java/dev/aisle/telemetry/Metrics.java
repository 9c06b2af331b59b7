package dev.aisle.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Emits metrics in CloudWatch's embedded metric format (EMF): one JSON object per line, with an
 * {@code _aws} block that names the namespace {@value #NAMESPACE}, the dimension {@value
 * #SERVICE_DIMENSION} and each metric's unit. Lambda and the ECS {@code awslogs} driver send
 * standard output to CloudWatch Logs, which turns such lines into metrics: no SDK call on the
 * request path, no agent. The line must be the whole log event, so it bypasses the logging
 * framework's key=value format. It carries names and numbers only, never ids or payloads.
 */
public final class Metrics {

  public static final String NAMESPACE = "Aisle";
  public static final String SERVICE_DIMENSION = "Service";

  /** CloudWatch units used by Aisle. */
  public enum Unit {
    COUNT("Count"),
    SECONDS("Seconds"),
    MILLISECONDS("Milliseconds");

    private final String cloudWatchName;

    Unit(String cloudWatchName) {
      this.cloudWatchName = cloudWatchName;
    }
  }

  /** One measurement: a name of {@link MetricNames}, a finite value and its unit. */
  public record Value(String name, double value, Unit unit) {

    public Value {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(unit, "unit");
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("metric " + name + " is not finite: " + value);
      }
    }

    public static Value count(String name, long count) {
      return new Value(name, count, Unit.COUNT);
    }

    public static Value seconds(String name, double seconds) {
      return new Value(name, seconds, Unit.SECONDS);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String service;
  private final Consumer<String> sink;
  private final Clock clock;

  /**
   * @param service the {@value #SERVICE_DIMENSION} dimension ({@link MetricNames#SERVICE_API} …)
   * @param sink receives each line (without its line break)
   */
  public Metrics(String service, Consumer<String> sink, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Lines on standard output, where Lambda and ECS collect them. */
  public static Metrics toStandardOutput(String service) {
    PrintStream out = System.out;
    return new Metrics(
        service,
        line -> {
          // one println per line: concurrent emitters never interleave inside a line
          synchronized (out) {
            out.println(line);
          }
        },
        Clock.systemUTC());
  }

  public String service() {
    return service;
  }

  /** Emits the values as one line (one timestamp, one set of dimensions). */
  public void emit(List<Value> values) {
    if (values.isEmpty()) {
      return;
    }
    sink.accept(line(values));
  }

  public void emit(Value value) {
    emit(List.of(value));
  }

  String line(List<Value> values) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", clock.millis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add(SERVICE_DIMENSION);
    ArrayNode definitions = directive.putArray("Metrics");
    root.put(SERVICE_DIMENSION, service);
    for (Value value : values) {
      definitions.addObject().put("Name", value.name()).put("Unit", value.unit().cloudWatchName);
      if (value.value() == Math.rint(value.value()) && Math.abs(value.value()) < 1e15) {
        root.put(value.name(), (long) value.value());
      } else {
        root.put(value.name(), value.value());
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a metrics line", e);
    }
  }
}
