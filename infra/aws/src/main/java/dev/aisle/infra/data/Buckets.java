package dev.aisle.infra.data;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The three buckets: models (the trainer's output, versioned so an overwritten or deleted model can
 * be recovered; also the trainer's pairs snapshot under {@value #SNAPSHOTS_PREFIX}), CDN
 * (precomputed JSON, served only through CloudFront) and access logs (S3 server access logs,
 * CloudFront logs, VPC flow logs). All private, encrypted, TLS only.
 */
public final class Buckets extends Construct {

  /**
   * The trainer's aggregated pairs snapshot (next to {@code models/}): per-shopper data, read and
   * written by the trainer only. Its overwritten versions expire after a day, not after the models'
   * retention: an erased shopper's old snapshot part must not linger for weeks, and a billion-event
   * snapshot rewritten daily would otherwise be kept thirty times.
   */
  public static final String SNAPSHOTS_PREFIX = "snapshots/";

  private static final int SNAPSHOT_VERSIONS_RETENTION_DAYS = 1;

  private final Bucket logs;
  private final Bucket models;
  private final Bucket cdn;

  public Buckets(Construct scope, String id, boolean retain, int modelVersionsRetentionDays) {
    super(scope, id);
    RemovalPolicy removal = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    logs =
        Bucket.Builder.create(this, "AccessLogs")
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .encryption(BucketEncryption.S3_MANAGED)
            .enforceSsl(true)
            // CloudFront standard logging writes with ACLs; the bucket owner still owns every
            // object.
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("expire-logs")
                        .expiration(Duration.days(90))
                        .build()))
            .removalPolicy(removal)
            .build();
    models =
        Bucket.Builder.create(this, "Models")
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .encryption(BucketEncryption.S3_MANAGED)
            .enforceSsl(true)
            .versioned(true)
            .serverAccessLogsBucket(logs)
            .serverAccessLogsPrefix("s3/models/")
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("old-model-versions")
                        .noncurrentVersionExpiration(Duration.days(modelVersionsRetentionDays))
                        .abortIncompleteMultipartUploadAfter(Duration.days(2))
                        .build(),
                    // Where two rules expire the same noncurrent version, S3 applies the earlier
                    // expiration.
                    LifecycleRule.builder()
                        .id("old-snapshot-versions")
                        .prefix(SNAPSHOTS_PREFIX)
                        .noncurrentVersionExpiration(
                            Duration.days(SNAPSHOT_VERSIONS_RETENTION_DAYS))
                        .build()))
            .removalPolicy(removal)
            .build();
    cdn =
        Bucket.Builder.create(this, "Cdn")
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .encryption(BucketEncryption.S3_MANAGED)
            .enforceSsl(true)
            .serverAccessLogsBucket(logs)
            .serverAccessLogsPrefix("s3/cdn/")
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .id("abort-uploads")
                        .abortIncompleteMultipartUploadAfter(Duration.days(2))
                        .build()))
            .removalPolicy(removal)
            .build();
  }

  public Bucket logs() {
    return logs;
  }

  public Bucket models() {
    return models;
  }

  public Bucket cdn() {
    return cdn;
  }
}
