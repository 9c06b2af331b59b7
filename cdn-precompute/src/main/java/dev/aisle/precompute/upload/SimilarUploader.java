package dev.aisle.precompute.upload;

import dev.aisle.parallel.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one object per item (similar-item lists: a million at 1 M items) without listing or
 * HEADing them: a digest object ({@link SimilarDigest}) remembers each path's fingerprint from the
 * previous run, and only objects whose fingerprint changed are uploaded, only paths no longer
 * produced are deleted. The fingerprint is the caller's (for similar lists: the item and its
 * neighbours in order, not the scores, which move a little with every retraining), so a list whose
 * neighbours did not change is not rewritten; its stored copy keeps the scores of the run that last
 * changed it.
 *
 * <p>Crash safety: before the first upload an interim digest is written that forgets every path
 * about to change (so a run that dies half-way uploads them again next time) but still lists the
 * paths about to be deleted (so they are deleted next time); the final digest is written last.
 * Without a digest (first run, or lost) every object is uploaded, and one listing finds what to
 * delete.
 */
public final class SimilarUploader {

  private static final Logger LOG = LoggerFactory.getLogger(SimilarUploader.class);

  /** The objects to publish: {@code count} of them, each with a path, a fingerprint and a body. */
  public record Objects(
      int count,
      IntFunction<String> path,
      IntFunction<Object> fingerprint,
      IntFunction<Object> body) {}

  private final ObjectStore store;
  private final int threads;
  private final boolean prune;

  public SimilarUploader(ObjectStore store, int threads, boolean prune) {
    this.store = store;
    this.threads = threads;
    this.prune = prune;
  }

  /**
   * @param prefix what the objects' paths are relative to (e.g. {@code v1/})
   * @param folder the paths' common folder under the prefix (listed only when there is no digest)
   * @param digestKey where the digest lives (outside the published layout)
   */
  public UploadReport upload(String prefix, String folder, String digestKey, Objects objects) {
    Optional<SimilarDigest> previous = previous(digestKey);
    int n = objects.count();
    String[] paths = new String[n];
    long[] fingerprints = new long[n];
    forEachRow(
        n,
        row -> {
          paths[row] = objects.path().apply(row);
          fingerprints[row] =
              SimilarDigest.fingerprint(
                  CdnUploader.json(objects.fingerprint().apply(row), paths[row]));
        });
    SimilarDigest next = new SimilarDigest(paths, fingerprints);
    List<Integer> changed = new ArrayList<>();
    for (int row = 0; row < n; row++) {
      if (previous.isEmpty() || previous.get().fingerprint(paths[row]) != fingerprints[row]) {
        changed.add(row);
      }
    }
    List<String> stale =
        previous.isPresent()
            ? previous.get().pathsMissingFrom(next)
            : store.list(prefix + folder).keySet().stream()
                .filter(key -> key.startsWith(prefix))
                .map(key -> key.substring(prefix.length()))
                .filter(path -> next.fingerprint(path) == SimilarDigest.ABSENT)
                .sorted()
                .toList();
    LOG.info(
        "step=similar_digest previous={} objects={} changed={} stale={}",
        previous.map(d -> Integer.toString(d.size())).orElse("none"),
        n,
        changed.size(),
        stale.size());
    if (changed.isEmpty() && (stale.isEmpty() || !prune) && previous.isPresent()) {
      return new UploadReport(n, 0, n, 0, 0, List.of());
    }
    if (previous.isPresent()) {
      store.writeState(
          digestKey,
          previous.get().without(changed.stream().map(row -> paths[row]).toList()).bytes());
    }
    ConcurrentLinkedQueue<String> changedKeys = new ConcurrentLinkedQueue<>();
    AtomicLong bytes = new AtomicLong();
    AtomicInteger done = new AtomicInteger();
    int every = Math.max(1, changed.size() / 10);
    forEachRow(
        changed.size(),
        i -> {
          int row = changed.get(i);
          byte[] encoded = store.encode(CdnUploader.json(objects.body().apply(row), paths[row]));
          store.put(prefix + paths[row], encoded);
          bytes.addAndGet(encoded.length);
          changedKeys.add(prefix + paths[row]);
          int d = done.incrementAndGet();
          if (d % every == 0 || d == changed.size()) {
            LOG.info("step=upload_similar done={} of={}", d, changed.size());
          }
        });
    int deleted = 0;
    if (prune && !stale.isEmpty()) {
      store.delete(stale.stream().map(path -> prefix + path).toList());
      stale.forEach(path -> changedKeys.add(prefix + path));
      deleted = stale.size();
    }
    // paths not deleted (no prune) stay stored: keep them in the digest so a later run can still
    // delete them
    SimilarDigest written =
        prune
            ? next
            : next.with(
                previous.map(d -> d.only(stale)).orElseGet(() -> SimilarDigest.unknown(stale)));
    store.writeState(digestKey, written.bytes());
    return new UploadReport(
        n,
        changed.size(),
        n - changed.size(),
        deleted,
        bytes.get(),
        changedKeys.stream().sorted().toList());
  }

  /** Runs {@code task} for rows 0..n-1 on the threads, in slices. */
  private void forEachRow(int n, java.util.function.IntConsumer task) {
    if (n == 0) {
      return;
    }
    ExecutorService pool = DaemonThreads.fixedPool("aisle-similar", threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int perTask = Math.max(1, n / (threads * 16));
      for (int start = 0; start < n; start += perTask) {
        int from = start;
        int to = Math.min(n, start + perTask);
        futures.add(
            pool.submit(
                () -> {
                  for (int row = from; row < to; row++) {
                    task.accept(row);
                  }
                }));
      }
      CdnUploader.await(futures);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The previous run's digest; a digest that cannot be read counts as none (everything is
   * uploaded).
   */
  private Optional<SimilarDigest> previous(String digestKey) {
    try {
      return store.readState(digestKey).map(SimilarDigest::parse);
    } catch (RuntimeException e) {
      LOG.warn("step=similar_digest unreadable=true key={} error={}", digestKey, e.toString());
      return Optional.empty();
    }
  }
}
