package dev.aisle.trainer.training;

import dev.aisle.als.StartingFactors;
import dev.aisle.model.IdIndex;
import dev.aisle.snapshot.SnapshotStorage;
import dev.aisle.snapshot.SnapshotStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The factors a run ended with, kept beside the snapshot version it trained on ({@code
 * <version>/training-state.bin}) so that the next incremental run can start from every row's
 * previous factors and re-solve only what changed ({@link RowSelection}). The model does not carry
 * shoppers' factors (serving folds them in), so without this file a run could only restart the
 * shoppers from the item factors.
 *
 * <p>Layout (big-endian, {@link DataOutputStream}): {@code "AISLTST1"}, factors k, partial runs
 * since the last all-rows sweep, the model version trained; item count, then per item (ascending
 * id) its id and k floats; shopper count, then per shopper (ascending id) id, kept events and k
 * floats. It holds shopper ids: an erasure blanks it ({@link SnapshotStore#TRAINING_STATE}), and an
 * empty file reads as none.
 */
public final class TrainingState {

  private static final long MAGIC = 0x4149534C54535431L; // "AISLTST1"

  private TrainingState() {}

  /**
   * The previous run's factors mapped onto this run's rows.
   *
   * @param users shoppers × k: the previous factors, seeded random for a shopper it did not know
   * @param changedUsers a shopper the previous run did not train, or whose kept events changed
   * @param items items × k: the previous factors, seeded random for an item it did not know
   * @param knownItems an item the previous run trained
   * @param partialRuns partial sweeps since the last all-rows sweep
   * @param model the model version the previous run built from these factors
   */
  public record Prior(
      float[] users,
      boolean[] changedUsers,
      float[] items,
      boolean[] knownItems,
      int partialRuns,
      String model) {}

  /**
   * The state the run on {@code version} wrote; empty when there is none (or it was blanked) or k
   * differs.
   */
  public static Optional<Prior> read(
      SnapshotStorage storage, String version, TrainingSet set, int k, long seed) {
    String key = version + "/" + SnapshotStore.TRAINING_STATE;
    try (InputStream raw = storage.open(key);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
      long magic;
      try {
        magic = in.readLong();
      } catch (EOFException blank) {
        return Optional.empty();
      }
      if (magic != MAGIC) {
        throw new IOException("not a training state: " + key);
      }
      if (in.readInt() != k) {
        return Optional.empty();
      }
      return Optional.of(read(in, set, k, seed));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the training state " + key, e);
    }
  }

  private static Prior read(DataInputStream in, TrainingSet set, int k, long seed)
      throws IOException {
    int partialRuns = in.readInt();
    String model = in.readUTF();
    SplittableRandom random = new SplittableRandom(seed);
    IdIndex items = set.items();
    float[] y = new float[items.size() * k];
    boolean[] known = new boolean[items.size()];
    int previousItems = in.readInt();
    Sorted previous = new Sorted(in, previousItems, k, false);
    for (int row = 0; row < items.size(); row++) {
      if (previous.seek(items.idAt(row))) {
        System.arraycopy(previous.factors, 0, y, row * k, k);
        known[row] = true;
      } else {
        StartingFactors.fillRow(y, row * k, k, random);
      }
    }
    previous.skipRest();
    float[] x = new float[set.users() * k];
    boolean[] changed = new boolean[set.users()];
    Sorted shoppers = new Sorted(in, in.readInt(), k, true);
    IOException[] failed = {null};
    set.forEachShopperId(
        (row, id) -> {
          try {
            if (failed[0] == null && shoppers.seek(id)) {
              System.arraycopy(shoppers.factors, 0, x, row * k, k);
              changed[row] = shoppers.events != set.shopperEvents(row);
              return;
            }
          } catch (IOException e) {
            failed[0] = e;
          }
          StartingFactors.fillRow(x, row * k, k, random);
          changed[row] = true;
        });
    if (failed[0] != null) {
      throw failed[0];
    }
    return new Prior(x, changed, y, known, partialRuns, model);
  }

  /** Writes the state to a local file (then uploaded by {@link #put}). */
  public static void write(
      Path file,
      int k,
      int partialRuns,
      String model,
      IdIndex items,
      float[] itemFactors,
      IdIndex shoppers,
      TrainingSet set,
      float[] shopperFactors)
      throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20))) {
      out.writeLong(MAGIC);
      out.writeInt(k);
      out.writeInt(partialRuns);
      out.writeUTF(model);
      out.writeInt(items.size());
      for (int row = 0; row < items.size(); row++) {
        out.writeUTF(items.idAt(row));
        writeRow(out, itemFactors, row, k);
      }
      out.writeInt(shoppers.size());
      for (int row = 0; row < shoppers.size(); row++) {
        out.writeUTF(shoppers.idAt(row));
        out.writeInt(set.shopperEvents(row));
        writeRow(out, shopperFactors, row, k);
      }
    }
  }

  /**
   * Uploads the state as {@code version}'s and blanks every other version's (a state names
   * shoppers: only the newest is needed, and an erasure that ran meanwhile must not be undone by an
   * older copy).
   */
  public static void put(SnapshotStorage storage, String version, Path file) throws IOException {
    storage.put(version + "/" + SnapshotStore.TRAINING_STATE, file);
    for (String folder : storage.folders()) {
      if (!folder.equals(version)) {
        try (InputStream exists = storage.open(folder + "/" + SnapshotStore.TRAINING_STATE)) {
          storage.put(folder + "/" + SnapshotStore.TRAINING_STATE, new byte[0]);
        } catch (NoSuchFileException absent) {
          // nothing kept there
        }
      }
    }
  }

  private static void writeRow(DataOutputStream out, float[] factors, int row, int k)
      throws IOException {
    for (int d = 0; d < k; d++) {
      out.writeFloat(factors[row * k + d]);
    }
  }

  /** A cursor over the state's rows in ascending id, advanced to the ids asked for. */
  private static final class Sorted {
    private final DataInputStream in;
    private final int k;
    private final boolean withEvents;
    private int left;
    private String id;
    int events;
    final float[] factors;

    Sorted(DataInputStream in, int count, int k, boolean withEvents) throws IOException {
      this.in = in;
      this.k = k;
      this.withEvents = withEvents;
      this.left = count;
      this.factors = new float[k];
      advance();
    }

    /**
     * Moves to {@code wanted} (ids are asked for in ascending order); true when the state has it.
     */
    boolean seek(String wanted) throws IOException {
      while (id != null && id.compareTo(wanted) < 0) {
        advance();
      }
      return id != null && id.equals(wanted);
    }

    void skipRest() throws IOException {
      while (id != null) {
        advance();
      }
    }

    private void advance() throws IOException {
      if (left == 0) {
        id = null;
        return;
      }
      left--;
      id = in.readUTF();
      events = withEvents ? in.readInt() : 0;
      for (int d = 0; d < k; d++) {
        factors[d] = in.readFloat();
      }
    }
  }
}
