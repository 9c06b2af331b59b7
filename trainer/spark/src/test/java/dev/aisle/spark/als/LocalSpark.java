package dev.aisle.spark.als;

import org.apache.spark.sql.SparkSession;

/** A local[2] session on loopback only, without the web UI. */
final class LocalSpark {

  private LocalSpark() {}

  static SparkSession start() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("aisle-spark-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }
}
