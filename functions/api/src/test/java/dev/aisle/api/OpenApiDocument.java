package dev.aisle.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aisle.storage.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docs/openapi.yaml} read as a JSON tree (Jackson's YAML reader): its operations, the
 * statuses each documents, the error codes, and the schema of an answer with every {@code $ref}
 * resolved.
 */
final class OpenApiDocument {

  /** One documented operation: {@code GET /similar}. */
  record Operation(String method, String path) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final JsonNode root;

  private OpenApiDocument(JsonNode root) {
    this.root = root;
  }

  static OpenApiDocument ofRepository() {
    return read(LocalStack.repositoryRoot().resolve("docs/openapi.yaml"));
  }

  static OpenApiDocument read(Path file) {
    try {
      return new OpenApiDocument(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  JsonNode root() {
    return root;
  }

  Set<String> paths() {
    Set<String> paths = new LinkedHashSet<>();
    root.path("paths").fieldNames().forEachRemaining(paths::add);
    return paths;
  }

  List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    root.path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method)) {
                            operations.add(
                                new Operation(method.toUpperCase(Locale.ROOT), path.getKey()));
                          }
                        }));
    return operations;
  }

  /** The statuses {@code operation} documents, without {@code default}. */
  Set<Integer> statuses(Operation operation) {
    Set<Integer> statuses = new LinkedHashSet<>();
    responses(operation)
        .fieldNames()
        .forEachRemaining(
            status -> {
              if (!status.equals("default")) {
                statuses.add(Integer.parseInt(status));
              }
            });
    return statuses;
  }

  /** The codes the error schema allows. */
  Set<String> errorCodes() {
    Set<String> codes = new LinkedHashSet<>();
    root.at("/components/schemas/Error/properties/error/enum")
        .forEach(code -> codes.add(code.asText()));
    return codes;
  }

  boolean documents(Operation operation) {
    return operations().contains(operation);
  }

  /** The error body's schema: the answer to requests no operation documents (404, 405). */
  JsonNode errorSchema() {
    return root.at("/components/schemas/Error");
  }

  /**
   * The JSON schema of {@code operation}'s answer with {@code status}: the documented status, else
   * {@code default}; empty when neither is documented.
   */
  Optional<JsonNode> answerSchema(Operation operation, int status) {
    if (!documents(operation)) {
      return status >= 400 ? Optional.of(errorSchema()) : Optional.empty();
    }
    JsonNode responses = responses(operation);
    JsonNode response =
        responses.has(Integer.toString(status))
            ? responses.get(Integer.toString(status))
            : responses.get("default");
    if (response == null) {
      return Optional.empty();
    }
    return Optional.of(resolve(resolve(response).at("/content/application~1json/schema")));
  }

  /** {@code node} itself, or the node its {@code $ref} (a local "#/…" reference) names. */
  JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    for (int hops = 0; current.has("$ref"); hops++) {
      if (hops > 10) {
        throw new IllegalStateException("a $ref cycle at " + node);
      }
      String ref = current.get("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new IllegalStateException("only local references are supported: " + ref);
      }
      JsonNode target = root.at(ref.substring(1));
      if (target.isMissingNode()) {
        throw new IllegalStateException("unresolved reference " + ref);
      }
      current = target;
    }
    return current;
  }

  private JsonNode responses(Operation operation) {
    JsonNode responses =
        root.path("paths")
            .path(operation.path())
            .path(operation.method().toLowerCase(Locale.ROOT))
            .path("responses");
    if (responses.isMissingNode()) {
      throw new IllegalArgumentException("not documented: " + operation);
    }
    return responses;
  }

  /** Every {@code $ref} anywhere in the document, for the check that each one resolves. */
  List<String> references() {
    List<String> refs = new ArrayList<>();
    collect(root, refs);
    return refs;
  }

  private static void collect(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field :
          (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        if (field.getKey().equals("$ref")) {
          refs.add(field.getValue().asText());
        } else {
          collect(field.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, refs));
    }
  }
}
