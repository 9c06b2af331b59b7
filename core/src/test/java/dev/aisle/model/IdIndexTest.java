package dev.aisle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IdIndexTest {

  @Property
  void everyIdMapsToItsRowAndBack(@ForAll @Size(max = 300) Set<String> ids, @ForAll String probe) {
    List<String> ordered = new ArrayList<>(ids);
    IdIndex index = new IdIndex(ordered);

    assertThat(index.size()).isEqualTo(ordered.size());
    for (int row = 0; row < ordered.size(); row++) {
      assertThat(index.rowOf(ordered.get(row))).isEqualTo(row);
      assertThat(index.idAt(row)).isEqualTo(ordered.get(row));
    }
    assertThat(index.rowOf(probe)).isEqualTo(ids.contains(probe) ? ordered.indexOf(probe) : -1);
  }

  @Test
  void duplicatesAreRefused() {
    assertThatThrownBy(() -> new IdIndex(List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyIndexAnswersUnknown() {
    IdIndex index = new IdIndex(List.of());
    assertThat(index.rowOf("x")).isEqualTo(-1);
    assertThat(index.rowOf(null)).isEqualTo(-1);
  }
}
