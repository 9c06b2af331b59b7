package dev.aisle.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RowMaskTest {

  @Test
  void setsAndCopiesRowsIgnoringUnknownOnes() {
    RowMask mask = RowMask.of(130, 0, 63, 64, 129, -1, 130);
    assertThat(mask.get(0)).isTrue();
    assertThat(mask.get(63)).isTrue();
    assertThat(mask.get(64)).isTrue();
    assertThat(mask.get(129)).isTrue();
    assertThat(mask.get(1)).isFalse();
    assertThat(mask.cardinality()).isEqualTo(4);

    RowMask copy = mask.copy();
    copy.set(5);
    assertThat(copy.get(5)).isTrue();
    assertThat(mask.get(5)).isFalse();
    assertThat(copy).isNotEqualTo(mask);
  }

  @Test
  void plusLeavesTheSharedMaskAsItIsAndRefusesToBeSet() {
    RowMask shared = RowMask.of(200, 3, 70);
    RowMask request = shared.plus(5, 199, 70, -1, 200);

    assertThat(request.get(3)).isTrue();
    assertThat(request.get(5)).isTrue();
    assertThat(request.get(199)).isTrue();
    assertThat(request.cardinality()).isEqualTo(4);
    assertThat(shared.get(5)).isFalse();
    assertThat(shared.cardinality()).isEqualTo(2);
    assertThat(request).isEqualTo(RowMask.of(200, 3, 5, 70, 199));
    assertThat(shared.plus()).isSameAs(shared);
    assertThatThrownBy(() -> request.set(9)).isInstanceOf(IllegalStateException.class);

    RowMask own = request.copy();
    own.set(9);
    assertThat(own.get(9)).isTrue();
    assertThat(request.get(9)).isFalse();
  }

  /** plus() (shared bits with a list, or a copy past the list's limit) equals setting every row. */
  @Property(tries = 200)
  void plusEqualsACopyWithTheRowsSet(
      @ForAll @Size(max = 40) Set<@IntRange(min = -2, max = 1100) Integer> shared,
      @ForAll @Size(max = 300) Set<@IntRange(min = -2, max = 1100) Integer> first,
      @ForAll @Size(max = 20) Set<@IntRange(min = -2, max = 1100) Integer> second) {
    int size = 1000;
    RowMask base = RowMask.of(size, shared.stream().mapToInt(Integer::intValue).toArray());
    RowMask stacked =
        base.plus(first.stream().mapToInt(Integer::intValue).toArray())
            .plus(second.stream().mapToInt(Integer::intValue).toArray());

    Set<Integer> all = new HashSet<>(shared);
    all.addAll(first);
    all.addAll(second);
    RowMask expected = RowMask.of(size, all.stream().mapToInt(Integer::intValue).toArray());
    assertThat(stacked).isEqualTo(expected);
    for (int row = 0; row < size; row++) {
      assertThat(stacked.get(row)).isEqualTo(expected.get(row));
    }
    assertThat(stacked.cardinality()).isEqualTo(expected.cardinality());
  }
}
