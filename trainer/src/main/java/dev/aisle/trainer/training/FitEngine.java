package dev.aisle.trainer.training;

import dev.aisle.als.AlsParameters;
import dev.aisle.model.ModelManifest;
import dev.aisle.trainer.snapshot.SnapshotLocation;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What fits the model to publish on all of a run's pairs: this JVM's {@code ImplicitAls} ({@link
 * #SINGLE_NODE}) or the Spark job's distributed ALS (module {@code trainer/spark}). Everything
 * around the fit (the snapshot fold, the outlier rule, the hold-out evaluation, the model, the
 * gate, the publish) is the same code for both; the published manifest records {@link #name()} as
 * its {@code engine}.
 */
public interface FitEngine {

  /**
   * The manifest's {@code engine}: {@link ModelManifest#SINGLE_NODE} or {@link
   * ModelManifest#SPARK}.
   */
  String name();

  /** Fits {@code request.sweeps()} sweeps on every pair of the kept shoppers. */
  FitResult fitAll(Request request);

  /**
   * @param als the run's parameters, with the sweeps to run
   * @param snapshot where the version {@code set} reads is committed (empty: only in the run's
   *     local folder)
   * @param warm the previous model's item factors, for an incremental run
   */
  record Request(
      TrainingJob job,
      AlsParameters als,
      TrainingSet set,
      Optional<SnapshotLocation> snapshot,
      Optional<WarmStart> warm,
      Consumer<String> progress) {

    public int sweeps() {
      return als.iterations();
    }
  }

  /** The single-node trainer's fit: {@link TrainingJob#fitAll} in this JVM. */
  FitEngine SINGLE_NODE =
      new FitEngine() {
        @Override
        public String name() {
          return ModelManifest.SINGLE_NODE;
        }

        @Override
        public FitResult fitAll(Request r) {
          return r.job()
              .fitAll(
                  r.set(),
                  r.sweeps(),
                  r.warm().map(w -> w.initializer(r.set().items(), r.progress())).orElse(null));
        }
      };
}
