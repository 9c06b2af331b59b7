package dev.aisle.spark.als;

import dev.aisle.als.InteractionMatrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Random (user, item, weight) pairs where every user and every item has at least one pair (a row
 * without pairs is in no Spark block, while the single-node trainer still solves it), as the
 * single-node trainer's matrix and as a Spark input.
 */
record TestPairs(int users, int items, int[] user, int[] item, float[] weight) {

  static final StructType SCHEMA =
      new StructType()
          .add(SparkAls.USER, DataTypes.IntegerType)
          .add(SparkAls.ITEM, DataTypes.IntegerType)
          .add(SparkAls.WEIGHT, DataTypes.FloatType);

  static TestPairs random(int users, int items, int perUser, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    boolean[][] taken = new boolean[users][items];
    List<int[]> pairs = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      // a taste: users prefer items of their own group of four, as shoppers prefer a category
      for (int n = 0; n < perUser; n++) {
        int i =
            random.nextDouble() < 0.7
                ? (u % 4 + 4 * random.nextInt(items / 4))
                : random.nextInt(items);
        take(taken, pairs, u, i);
      }
    }
    for (int i = 0; i < items; i++) {
      take(taken, pairs, random.nextInt(users), i);
    }
    int n = pairs.size();
    int[] user = new int[n];
    int[] item = new int[n];
    float[] weight = new float[n];
    for (int p = 0; p < n; p++) {
      user[p] = pairs.get(p)[0];
      item[p] = pairs.get(p)[1];
      weight[p] = 1 + random.nextInt(8);
    }
    return new TestPairs(users, items, user, item, weight);
  }

  private static void take(boolean[][] taken, List<int[]> pairs, int u, int i) {
    if (!taken[u][i]) {
      taken[u][i] = true;
      pairs.add(new int[] {u, i});
    }
  }

  int size() {
    return user.length;
  }

  InteractionMatrix matrix() {
    return InteractionMatrix.fromTriplets(users, items, user, item, weight, size());
  }

  /**
   * The pairs as a Dataset in {@code partitions} partitions, in an order shuffled by {@code seed}.
   */
  Dataset<Row> dataset(SparkSession spark, int partitions, long seed) {
    List<Row> rows = new ArrayList<>(size());
    for (int p = 0; p < size(); p++) {
      rows.add(RowFactory.create(user[p], item[p], weight[p]));
    }
    Collections.shuffle(rows, new Random(seed));
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }
}
