package dev.aisle.spark.cli;

import dev.aisle.spark.job.SparkFit;
import dev.aisle.trainer.cli.AisleTrainer;
import dev.aisle.trainer.cli.TrainerCommands;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * {@code aisle-trainer-spark}: the trainer's {@code train} and {@code pipeline} as a Spark job,
 * with the same options, environment variables, output and exit codes as {@code aisle-trainer}. The
 * driver reads the events delta and folds it into the training snapshot as the single-node trainer
 * does (parts in parallel); Spark tasks read the snapshot's parts and train ALS ({@link SparkFit});
 * the driver builds, gates and publishes the model (manifest {@code engine: spark}). Without a
 * master from {@code spark-submit} ({@code spark.master}), it runs in local mode ({@code local[2]},
 * loopback, no web UI).
 */
public final class SparkTrainer {

  static final String NAME = "aisle-trainer-spark";

  /**
   * What the executors' tasks need to open the snapshot store as the driver does (S3's region and
   * endpoint): passed on as {@code spark.executorEnv.*}, so a deployment sets them for the driver
   * only. Nothing else (no table names, no salt) goes into Spark's configuration.
   */
  static final List<String> EXECUTOR_ENVIRONMENT =
      List.of("AISLE_REGION", "AWS_REGION", "AISLE_S3_ENDPOINT", "AISLE_LOCAL_CREDENTIALS");

  private SparkTrainer() {}

  public static void main(String[] args) {
    System.exit(exitCode(run(args), new SparkConf().contains("spark.master")));
  }

  /**
   * The process's exit code: a gated model (4) is a decision, not a failure, and on a cluster a
   * non-zero exit fails the job run (EMR Serverless: state FAILED), which would raise the
   * TrainerFailed alarm beside ModelGated; there it exits 0 and the gate's metric tells. Locally
   * the codes are aisle-trainer's.
   */
  static int exitCode(int code, boolean onCluster) {
    return code == AisleTrainer.GATED && onCluster ? 0 : code;
  }

  public static int run(String... args) {
    Session session = new Session();
    try {
      return TrainerCommands.run(
          NAME,
          "Aisle's training as a Spark job: train or pipeline, as aisle-trainer's "
              + "(same options and exit codes); ALS runs in Spark tasks.",
          new SparkFit(session::get, 0),
          args);
    } finally {
      session.stop();
    }
  }

  /** The job's Spark session, started on first use. */
  static final class Session {
    private SparkSession spark;

    synchronized SparkSession get() {
      if (spark == null) {
        SparkSession.Builder builder = SparkSession.builder().appName(NAME);
        for (String name : EXECUTOR_ENVIRONMENT) {
          String value = System.getenv(name);
          if (value != null && !value.isBlank()) {
            builder.config("spark.executorEnv." + name, value);
          }
        }
        if (!new SparkConf().contains("spark.master")) {
          builder
              .master("local[2]")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.ui.enabled", "false");
        }
        spark = builder.getOrCreate();
      }
      return spark;
    }

    synchronized void stop() {
      if (spark != null) {
        spark.stop();
        spark = null;
      }
    }
  }
}
