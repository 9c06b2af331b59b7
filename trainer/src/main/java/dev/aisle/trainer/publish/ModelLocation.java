package dev.aisle.trainer.publish;

import java.nio.file.Path;

/**
 * Where models live: a local folder or an S3 prefix, both laid out as {@code <root>/<version>/…}
 * with {@code <root>/CURRENT} naming the served version. Parsed from {@code DIR} or {@code
 * s3://BUCKET/PREFIX}.
 */
public sealed interface ModelLocation {

  record Local(Path root) implements ModelLocation {
    @Override
    public String toString() {
      return root.toString();
    }
  }

  record S3(String bucket, String prefix) implements ModelLocation {
    @Override
    public String toString() {
      return "s3://" + bucket + "/" + prefix;
    }
  }

  static ModelLocation parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a model location is a folder or s3://BUCKET/PREFIX");
    }
    if (text.startsWith("s3://")) {
      String rest = text.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      if (bucket.isEmpty()) {
        throw new IllegalArgumentException("no bucket in " + text);
      }
      return new S3(bucket, prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
    }
    return new Local(Path.of(text));
  }
}
