package dev.aisle.serving;

import dev.aisle.segment.SegmentList;
import java.util.Map;
import java.util.Optional;

/** The published segment lists: the one a context falls in, or none. */
@FunctionalInterface
public interface SegmentLists {

  SegmentLists NONE = context -> Optional.empty();

  Optional<SegmentList> listFor(Map<String, String> context);
}
