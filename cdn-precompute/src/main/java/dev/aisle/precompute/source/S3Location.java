package dev.aisle.precompute.source;

import java.net.URI;

/** {@code s3://bucket/prefix}: a bucket and a key prefix ("" or ending with "/"). */
public record S3Location(String bucket, String prefix) {

  public static final String SCHEME = "s3://";

  public S3Location {
    if (bucket == null || bucket.isBlank()) {
      throw new InputException("an S3 location needs a bucket: s3://bucket/prefix");
    }
    if (prefix == null) {
      prefix = "";
    } else if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
  }

  public static boolean isS3(String location) {
    return location.startsWith(SCHEME);
  }

  public static S3Location parse(String location) {
    if (!isS3(location)) {
      throw new InputException("not an S3 location: " + location);
    }
    URI uri = URI.create(location);
    String path = uri.getPath() == null ? "" : uri.getPath();
    return new S3Location(uri.getHost(), path.startsWith("/") ? path.substring(1) : path);
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + prefix;
  }
}
