package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint-style sanity of the synthesized templates, as written to the cloud assembly: valid JSON,
 * every Ref, GetAtt, Sub variable, DependsOn and cross-stack output reference resolves, every
 * resource type is an AWS or custom type.
 */
class TemplateReferencesTest {

  private static final Set<String> PSEUDO_PARAMETERS =
      Set.of(
          "AWS::AccountId",
          "AWS::NotificationARNs",
          "AWS::NoValue",
          "AWS::Partition",
          "AWS::Region",
          "AWS::StackId",
          "AWS::StackName",
          "AWS::URLSuffix");
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

  @Test
  void everyReferenceResolves() throws Exception {
    for (Synthesis.Result result :
        List.of(
            Synthesis.defaults(),
            AlternateConfigTest.result(),
            Synthesis.profile("small"),
            Synthesis.profile("large"),
            EmrServerlessTrainerTest.result())) {
      Map<String, JsonNode> templates = new HashMap<>();
      for (var stack : result.stacks()) {
        // The file on disk is what CloudFormation gets: it must parse as JSON.
        templates.put(
            stack.getStackName(),
            Json.mapper()
                .readTree(
                    java.nio.file.Path.of(result.assembly().getDirectory(), stack.getTemplateFile())
                        .toFile()));
      }
      List<String> problems = new ArrayList<>();
      templates.forEach((name, template) -> check(name, template, templates, problems));
      assertThat(problems).isEmpty();
    }
  }

  private static void check(
      String stackName, JsonNode template, Map<String, JsonNode> all, List<String> problems) {
    JsonNode resources = template.path("Resources");
    JsonNode parameters = template.path("Parameters");
    assertThat(resources.size()).as(stackName).isGreaterThan(stackName.endsWith("-Edge") ? 1 : 10);
    resources
        .fields()
        .forEachRemaining(
            entry -> {
              String type = entry.getValue().path("Type").asText();
              if (!type.matches("AWS::\\w+::\\w+(::\\w+)?") && !type.startsWith("Custom::")) {
                problems.add(stackName + "/" + entry.getKey() + ": type " + type);
              }
              List<String> dependsOn = new ArrayList<>();
              JsonNode depends = entry.getValue().path("DependsOn");
              if (depends.isArray()) {
                depends.forEach(d -> dependsOn.add(d.asText()));
              } else if (depends.isTextual()) {
                dependsOn.add(depends.asText());
              }
              dependsOn.stream()
                  .filter(d -> !resources.has(d))
                  .forEach(
                      d -> problems.add(stackName + "/" + entry.getKey() + ": DependsOn " + d));
            });
    // cfn-lint E6101: an output's value must resolve to a string in its own stack.
    template
        .path("Outputs")
        .fields()
        .forEachRemaining(
            output -> {
              if (output.getValue().path("Value").toString().contains("Fn::GetStackOutput")) {
                problems.add(
                    stackName + ": output " + output.getKey() + " is another stack's output");
              }
            });
    walk(
        template,
        node -> {
          String where = stackName + ": " + abbreviate(node.toString());
          if (node.has("Ref")) {
            String target = node.get("Ref").asText();
            if (!resources.has(target)
                && !parameters.has(target)
                && !PSEUDO_PARAMETERS.contains(target)) {
              problems.add(where + " → Ref " + target);
            }
          }
          if (node.has("Fn::GetAtt")) {
            String target = node.get("Fn::GetAtt").get(0).asText();
            if (!resources.has(target)) {
              problems.add(where + " → GetAtt " + target);
            }
          }
          if (node.has("Fn::Sub")) {
            JsonNode sub = node.get("Fn::Sub");
            String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
            JsonNode variables = sub.isArray() ? sub.get(1) : Json.mapper().createObjectNode();
            Matcher m = SUB_VARIABLE.matcher(text);
            while (m.find()) {
              String name = m.group(1).split("\\.")[0];
              if (!variables.has(name)
                  && !resources.has(name)
                  && !parameters.has(name)
                  && !PSEUDO_PARAMETERS.contains(name)) {
                problems.add(where + " → Sub ${" + m.group(1) + "}");
              }
            }
          }
          if (node.has("Fn::GetStackOutput")) {
            JsonNode ref = node.get("Fn::GetStackOutput");
            JsonNode other = all.get(ref.path("StackName").asText());
            if (other == null || !other.path("Outputs").has(ref.path("OutputName").asText())) {
              problems.add(
                  where
                      + " → output "
                      + ref.path("StackName").asText()
                      + "."
                      + ref.path("OutputName").asText());
            }
          }
          if (node.has("Fn::ImportValue")) {
            problems.add(
                where
                    + " → Fn::ImportValue (cross-stack references are expected as Fn::GetStackOutput)");
          }
        });
  }

  private static void walk(JsonNode node, java.util.function.Consumer<JsonNode> visitor) {
    if (node.isObject()) {
      visitor.accept(node);
      node.forEach(child -> walk(child, visitor));
    } else if (node.isArray()) {
      node.forEach(child -> walk(child, visitor));
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "…" : text;
  }
}
