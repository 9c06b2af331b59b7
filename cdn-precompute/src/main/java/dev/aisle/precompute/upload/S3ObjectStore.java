package dev.aisle.precompute.upload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The CDN bucket: JSON stored gzip-encoded with {@code Content-Type: application/json} (UTF-8 by
 * definition), {@code Content-Encoding: gzip} and the configured {@code Cache-Control}. The
 * fingerprint is the ETag, which S3 computes as the MD5 of the stored bytes for single-part uploads
 * without SSE-KMS, so one listing (1,000 keys a request) tells what changed without reading any
 * object. (Under SSE-KMS ETags are not MD5s: every object would then be uploaded again, never
 * wrongly skipped.)
 */
public final class S3ObjectStore implements ObjectStore {

  private static final int DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;
  private final CacheControl cache;

  public S3ObjectStore(S3Client s3, String bucket, CacheControl cache) {
    this.s3 = s3;
    this.bucket = bucket;
    this.cache = cache;
  }

  @Override
  public Map<String, String> list(String prefix) {
    Map<String, String> etags = new HashMap<>();
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      etags.put(object.key(), unquote(object.eTag()));
    }
    return etags;
  }

  @Override
  public byte[] encode(byte[] json) {
    return Bytes.gzip(json);
  }

  @Override
  public void put(String key, byte[] encoded) {
    s3.putObject(
        b ->
            b.bucket(bucket)
                .key(key)
                .contentType("application/json")
                .contentEncoding("gzip")
                .cacheControl(cache.header()),
        RequestBody.fromBytes(encoded));
  }

  @Override
  public void delete(Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    for (int start = 0; start < all.size(); start += DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          all.subList(start, Math.min(all.size(), start + DELETE_BATCH)).stream()
              .map(key -> ObjectIdentifier.builder().key(key).build())
              .toList();
      s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
    }
  }

  @Override
  public Optional<byte[]> readState(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public void writeState(String key, byte[] bytes) {
    s3.putObject(
        b ->
            b.bucket(bucket)
                .key(key)
                .contentType("application/octet-stream")
                .cacheControl("no-store"),
        RequestBody.fromBytes(bytes));
  }

  @Override
  public String describe(String key) {
    return "s3://" + bucket + "/" + key;
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }
}
