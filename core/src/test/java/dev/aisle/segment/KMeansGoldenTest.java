package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The exact answers of k-means on fixed seeded inputs (attributes, a sampled fit, several chunks of
 * points), as SHA-256 digests of every assignment, centroid bit pattern, size and count. A
 * restructuring of {@link KMeans} (seeding, Hamerly's assignment, the attribute distance, the
 * parallel loop) must leave them unchanged; a change that means to alter the results updates them
 * in the same commit, with the reason.
 */
class KMeansGoldenTest {

  @Test
  void attributesAndASampledFitGiveTheRecordedAnswer() {
    FactorMatrix points = KMeansTest.random(40_000, 8, 21);
    AttributeCodes attrs = attributes(points.rows(), 22);

    KMeans.Result result =
        new KMeans(points, attrs, 0.6f)
            .fit(new KMeans.Config(24, 30, 0.001, 5, 2_000, 20_000), (i, c, n) -> {});

    assertThat(digest(result)).isEqualTo(SAMPLED_WITH_ATTRIBUTES);
  }

  @Test
  void factorsAloneOnEveryPointGiveTheRecordedAnswer() {
    FactorMatrix points = KMeansTest.random(20_000, 5, 31);

    KMeans.Result result =
        new KMeans(points, AttributeCodes.none(points.rows()), 0f)
            .fit(new KMeans.Config(10, 50, 0, 9, 5_000, 100_000), (i, c, n) -> {});

    assertThat(digest(result)).isEqualTo(ALL_POINTS_FACTORS_ONLY);
  }

  private static final String SAMPLED_WITH_ATTRIBUTES =
      "24/30/ecdeb1c1990e46c111bfee55300562f28b0596fedd0601292dca4aaa17cb97f0";
  private static final String ALL_POINTS_FACTORS_ONLY =
      "10/50/fa77b1c34cdbea36e8cce2f2149342fcdcfd6cf92147cd7b36a17bd6eb9f5d48";

  static String digest(KMeans.Result result) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer =
          ByteBuffer.allocate(
              4
                      * (4
                          + result.assignment().length
                          + result.centroids().length
                          + result.sizes().length)
                  + 8);
      buffer.putInt(result.clusters()).putInt(result.iterations()).putLong(result.changedLast());
      buffer.putInt(result.assignment().length);
      for (int a : result.assignment()) {
        buffer.putInt(a);
      }
      for (float c : result.centroids()) {
        buffer.putInt(Float.floatToIntBits(c));
      }
      for (int s : result.sizes()) {
        buffer.putInt(s);
      }
      sha.update(buffer.array(), 0, buffer.position());
      return result.clusters()
          + "/"
          + result.iterations()
          + "/"
          + HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AttributeCodes attributes(int rows, long seed) {
    Random random = new Random(seed);
    IdIndex ids = new IdIndex(IntStream.range(0, rows).mapToObj(i -> "u" + i).toList());
    AttributeCodes.Builder builder =
        AttributeCodes.builder(List.of("country", "device", "channel"), ids);
    String[] countries = {"de", "fr", "us", "jp", "br", "in"};
    String[] devices = {"mobile", "desktop", "tablet"};
    String[] channels = {"direct", "search", "social", "email"};
    for (int i = 0; i < rows; i++) {
      Map<String, String> attributes =
          random.nextInt(8) == 0
              ? Map.of("device", devices[random.nextInt(3)])
              : Map.of(
                  "country",
                  countries[random.nextInt(6)],
                  "device",
                  devices[random.nextInt(3)],
                  "channel",
                  channels[random.nextInt(4)]);
      builder.add("u" + i, attributes);
    }
    return builder.build(1);
  }
}
