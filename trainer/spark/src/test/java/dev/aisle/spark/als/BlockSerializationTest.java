package dev.aisle.spark.als;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.reflect.ClassTag$;

/**
 * What the fit caches and shuffles survives both of Spark's serializers: Java's (the default) and
 * Kryo (which jobs often configure, and which cannot set the final fields of records: hence
 * classes, not records).
 */
class BlockSerializationTest {

  @ParameterizedTest
  @ValueSource(strings = {"java", "kryo"})
  void blocksAndMessagesRoundTrip(String serializer) {
    SerializerInstance s =
        serializer.equals("kryo")
            ? new KryoSerializer(new SparkConf()).newInstance()
            : new JavaSerializer(new SparkConf()).newInstance();
    SideBlock block =
        SideBlock.build(
            1,
            List.of(new PairChunk(new int[] {4, 1}, new int[] {2, 7}, new float[] {1.5f, 3f})),
            3);

    SideBlock b = roundTrip(s, block);
    FactorBlock f = roundTrip(s, new FactorBlock(new int[] {1, 4}, new float[] {0.5f, -1f}));
    FactorMessage m = roundTrip(s, new FactorMessage(2, new float[] {0.25f}));
    PairChunk c = roundTrip(s, new PairChunk(new int[] {9}, new int[] {8}, new float[] {7f}));

    assertThat(b.block).isEqualTo(1);
    assertThat(b.rows).containsExactly(1, 4);
    assertThat(b.cols).containsExactly(block.cols);
    assertThat(b.weights).containsExactly(3f, 1.5f);
    assertThat(b.send[1]).containsExactly(block.send[1]);
    assertThat(f.rows()).containsExactly(1, 4);
    assertThat(f.data()).containsExactly(0.5f, -1f);
    assertThat(m.fromBlock).isEqualTo(2);
    assertThat(m.factors).containsExactly(0.25f);
    assertThat(c.rows).containsExactly(9);
    assertThat(c.weights).containsExactly(7f);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(SerializerInstance s, T value) {
    var tag = ClassTag$.MODULE$.<T>apply(value.getClass());
    ByteBuffer bytes = s.serialize(value, tag);
    return (T) s.deserialize(bytes, tag);
  }

  @Test
  void aSideBlockIsSmallOnTheWire() {
    // 1,000 entries: 8 bytes each (column and weight) plus the row arrays, not an object per entry
    int n = 1000;
    int[] rows = new int[n];
    int[] cols = new int[n];
    float[] weights = new float[n];
    for (int e = 0; e < n; e++) {
      rows[e] = 2 * (e / 10);
      cols[e] = e;
      weights[e] = 1f;
    }
    SideBlock block = SideBlock.build(0, List.of(new PairChunk(rows, cols, weights)), 4);
    ByteBuffer bytes =
        new KryoSerializer(new SparkConf())
            .newInstance()
            .serialize(block, ClassTag$.MODULE$.apply(SideBlock.class));
    assertThat(bytes.remaining()).isLessThan(n * 16);
  }
}
