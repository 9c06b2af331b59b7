package dev.aisle.infra.cost;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A month's estimate: its lines, their totals per service, the total, the largest service. */
public record Estimate(String profile, Workload workload, List<Line> lines) {

  public double total() {
    return lines.stream().mapToDouble(Line::usd).sum();
  }

  /** Cost per service, largest first. */
  public Map<String, Double> byService() {
    Map<String, Double> sums = new LinkedHashMap<>();
    lines.forEach(line -> sums.merge(line.service(), line.usd(), Double::sum));
    Map<String, Double> sorted = new LinkedHashMap<>();
    sums.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** The most expensive service: where saving pays first. */
  public String topService() {
    return byService().keySet().iterator().next();
  }

  /** The most expensive line. */
  public Line topLine() {
    return lines.stream().max(Comparator.comparingDouble(Line::usd)).orElseThrow();
  }

  /** The cost per million events (0 without events). */
  public double perMillionEvents() {
    return workload.events() == 0 ? 0 : total() / (workload.events() / 1e6);
  }
}
