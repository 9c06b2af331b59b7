package dev.aisle.storage.s3;

import dev.aisle.snapshot.SnapshotStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The training snapshot in S3 under {@code s3://bucket/prefix} (by default {@code snapshots/} in
 * the models bucket). CURRENT is moved with S3's conditional writes: {@code If-Match} on the ETag
 * read before, or {@code If-None-Match: *} for the first version; a 412 (or a 409 from a concurrent
 * conditional write) means another writer won.
 */
public final class S3SnapshotStorage implements SnapshotStorage {

  private static final int PRECONDITION_FAILED = 412;
  private static final int CONFLICT = 409;
  private static final int MAX_DELETE = 1000;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public S3SnapshotStorage(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(prefix + key));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(this + key);
    }
  }

  @Override
  public void put(String key, Path file) {
    s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromFile(file));
  }

  @Override
  public void put(String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromBytes(bytes));
  }

  @Override
  public Optional<Pointer> pointer() {
    try {
      ResponseBytes<GetObjectResponse> current =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + POINTER));
      String version = current.asUtf8String().strip();
      return version.isEmpty()
          ? Optional.empty()
          : Optional.of(new Pointer(version, current.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean swapPointer(Optional<Pointer> expected, String version) {
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(prefix + POINTER)
            .contentType("text/plain; charset=utf-8");
    if (expected.isPresent()) {
      put.ifMatch(expected.get().token());
    } else {
      put.ifNoneMatch("*");
    }
    try {
      s3.putObject(put.build(), RequestBody.fromString(version + "\n", StandardCharsets.UTF_8));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Set<String> folders() {
    return s3
        .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
        .commonPrefixes()
        .stream()
        .map(CommonPrefix::prefix)
        .map(p -> p.substring(prefix.length(), p.length() - 1))
        .collect(Collectors.toSet());
  }

  @Override
  public void deleteFolder(String folder) {
    List<ObjectIdentifier> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + folder + "/"))
        .contents()
        .forEach(o -> keys.add(ObjectIdentifier.builder().key(o.key()).build()));
    for (int from = 0; from < keys.size(); from += MAX_DELETE) {
      List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + MAX_DELETE));
      s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
    }
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }
}
