package dev.aisle.api.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.segment.SegmentIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where serving reads a segment's list: under the prefix the index names, else the old flat folder.
 */
class SegmentListKeyTest {

  private static final SegmentIndex OLD =
      new SegmentIndex("m", List.of(), List.of(), "s0", List.of(), null);

  @Test
  void theIndexsListsPrefixIsFollowed() {
    assertThat(Segments.listKey(OLD.withLists("segments/m-0a1b2c3d/"), "s3"))
        .isEqualTo("v1/segments/m-0a1b2c3d/s3.json");
  }

  @Test
  void anIndexWithoutListsReadsTheFlatFolder() {
    assertThat(Segments.listKey(OLD, "s3")).isEqualTo("v1/segments/s3.json");
  }
}
