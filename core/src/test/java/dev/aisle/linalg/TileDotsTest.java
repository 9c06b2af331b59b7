package dev.aisle.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Both tile implementations against the lane-order dot of every pair, bit for bit: k with and
 * without a tail past the last multiple of 8, short last tiles, row blocks that do not fill a pass
 * of four.
 */
class TileDotsTest {

  @Property(tries = 60)
  void everyTileScoreHasTheBitsOfTheSingleDot(
      @ForAll @IntRange(min = 1, max = 70) int k,
      @ForAll @IntRange(min = 1, max = 300) int rows,
      @ForAll @IntRange(min = 1, max = 7) int count,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] matrix = new float[rows * k];
    for (int i = 0; i < matrix.length; i++) {
      matrix[i] = (float) random.nextGaussian();
    }
    int firstRow = random.nextInt(Math.max(1, rows - count + 1));
    int block = Math.min(count, rows - firstRow);
    for (TileDots dots : new TileDots[] {TileDots.scalar(), TileDots.create()}) {
      ColumnTiles tiles = ColumnTiles.of(matrix, rows, k, dots.width());
      float[][] out = new float[block][dots.width()];
      for (int tile = 0; tile < tiles.count(); tile++) {
        dots.dots(matrix, firstRow, block, tiles, tile, out);
        for (int r = 0; r < block; r++) {
          for (int c = 0; c < dots.width(); c++) {
            int column = tile * dots.width() + c;
            float expected =
                column < rows
                    ? FloatKernels.dot(matrix, (firstRow + r) * k, matrix, column * k, k)
                    : 0f;
            assertThat(out[r][c])
                .as("%s row %d column %d", dots.name(), r, column)
                .isEqualTo(expected);
          }
        }
      }
    }
  }

  @Test
  void theTestsRunTheVectorImplementation() {
    // core's tests run with the incubator module, so the comparison above covers both
    assertThat(TileDots.create().name()).isEqualTo("vector");
  }
}
