package dev.aisle.precompute.upload;

import java.util.List;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

/** Creates a CloudFront invalidation on the distribution in front of the CDN bucket. */
public final class CloudFrontInvalidator implements Invalidator {

  private final CloudFrontClient cloudFront;
  private final String distributionId;

  public CloudFrontInvalidator(CloudFrontClient cloudFront, String distributionId) {
    this.cloudFront = cloudFront;
    this.distributionId = distributionId;
  }

  @Override
  public String invalidate(List<String> paths, String reference) {
    var response =
        cloudFront.createInvalidation(
            b ->
                b.distributionId(distributionId)
                    .invalidationBatch(
                        batch ->
                            batch
                                .callerReference(reference)
                                .paths(p -> p.quantity(paths.size()).items(paths))));
    return "cloudfront distribution="
        + distributionId
        + " invalidation="
        + response.invalidation().id();
  }
}
