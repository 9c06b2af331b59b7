package dev.aisle.precompute.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aisle.json.Json;
import dev.aisle.parallel.DaemonThreads;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a set of documents under a prefix of an {@link ObjectStore}: lists what is stored once,
 * then builds, encodes and compares every document on {@code threads} threads and uploads only
 * those whose stored bytes would differ. Stored objects under the prefix that the set no longer
 * contains are deleted when {@code prune} is on (a removed item's similar list, a segment that no
 * longer exists), so the layout always equals the last publication.
 */
public final class CdnUploader {

  private static final Logger LOG = LoggerFactory.getLogger(CdnUploader.class);

  private final ObjectStore store;
  private final int threads;
  private final boolean prune;

  public CdnUploader(ObjectStore store, int threads, boolean prune) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    this.store = store;
    this.threads = threads;
    this.prune = prune;
  }

  /**
   * Publishes the documents of every wave as {@code prefix + path}; a wave is fully stored before
   * the next starts, so indexes published in a later wave never point at lists not yet there.
   * Everything under {@code prefix} is listed (and pruned).
   */
  public UploadReport upload(String prefix, List<List<Document>> waves) {
    return upload(prefix, List.of(""), waves);
  }

  /**
   * As {@link #upload(String, List)}, listing (and pruning) only what lies under {@code prefix +
   * folder} for each of {@code folders}: other folders (a million similar lists, published by
   * {@link SimilarUploader}) are neither listed nor touched.
   */
  public UploadReport upload(String prefix, List<String> folders, List<List<Document>> waves) {
    Set<String> produced = new HashSet<>();
    int total = 0;
    for (List<Document> wave : waves) {
      for (Document document : wave) {
        if (!produced.add(prefix + document.path())) {
          throw new IllegalArgumentException("two documents have the path " + document.path());
        }
      }
      total += wave.size();
    }
    Map<String, String> stored = new java.util.HashMap<>();
    for (String folder : folders) {
      stored.putAll(store.list(prefix + folder));
    }
    Progress progress = new Progress(total);
    ExecutorService pool = DaemonThreads.fixedPool("aisle-upload", threads);
    try {
      for (List<Document> wave : waves) {
        uploadWave(prefix, wave, stored, pool, progress);
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> stale =
        stored.keySet().stream().filter(k -> !produced.contains(k)).sorted().toList();
    if (prune && !stale.isEmpty()) {
      store.delete(stale);
      progress.changed.addAll(stale);
      LOG.info("step=prune deleted={}", stale.size());
    }
    int uploaded = progress.uploaded.get();
    return new UploadReport(
        total,
        uploaded,
        total - uploaded,
        prune ? stale.size() : 0,
        progress.bytes.get(),
        progress.changed.stream().sorted().toList());
  }

  private void uploadWave(
      String prefix,
      List<Document> wave,
      Map<String, String> stored,
      ExecutorService pool,
      Progress progress) {
    List<Future<?>> futures = new ArrayList<>();
    int perTask = Math.max(1, wave.size() / (threads * 16));
    for (int start = 0; start < wave.size(); start += perTask) {
      List<Document> slice = wave.subList(start, Math.min(wave.size(), start + perTask));
      futures.add(
          pool.submit(
              () -> {
                for (Document document : slice) {
                  String key = prefix + document.path();
                  byte[] encoded = store.encode(json(document));
                  if (!Bytes.md5(encoded).equals(stored.get(key))) {
                    store.put(key, encoded);
                    progress.uploaded(key, encoded.length);
                  }
                  progress.done();
                }
              }));
    }
    await(futures);
  }

  /** Counters shared by the uploading threads; logs every tenth of the way. */
  private static final class Progress {
    final int total;
    final int every;
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger uploaded = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();
    final ConcurrentLinkedQueue<String> changed = new ConcurrentLinkedQueue<>();

    Progress(int total) {
      this.total = total;
      this.every = Math.max(1, total / 10);
    }

    void uploaded(String key, int size) {
      uploaded.incrementAndGet();
      bytes.addAndGet(size);
      changed.add(key);
    }

    void done() {
      int n = done.incrementAndGet();
      if (n % every == 0 || n == total) {
        LOG.info("step=upload done={} of={} uploaded={}", n, total, uploaded.get());
      }
    }
  }

  private static byte[] json(Document document) {
    return json(document.body().get(), document.path());
  }

  /** A body as JSON bytes; {@code what} names it in the error. */
  static byte[] json(Object body, String what) {
    try {
      return Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render " + what, e);
    }
  }

  /** Waits for every task; the first failure cancels the others and is rethrown. */
  static void await(List<Future<?>> futures) {
    try {
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while uploading", e);
    } catch (ExecutionException e) {
      for (Future<?> future : futures) {
        future.cancel(true);
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("uploading failed: " + e.getCause(), e.getCause());
    }
  }
}
