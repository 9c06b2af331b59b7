package dev.aisle.model;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.aisle.ann.ItemGraph;
import dev.aisle.catalog.Item;
import dev.aisle.json.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The model's file layout (format 2): one folder ({@code models/<version>/} in S3) holding
 *
 * <ul>
 *   <li>{@code item-ids.txt}: one id per line (UTF-8), in row order;
 *   <li>{@code item-categories.txt}: the category of each item row, one per line;
 *   <li>{@code item-factors.f32}: little-endian float32, row-major (rows = items, stride =
 *       factors);
 *   <li>{@code item-gramian.f64}: YᵀY of the item factors, factors × factors little-endian float64;
 *   <li>{@code popular.json}: {@link PopularLists};
 *   <li>{@code similar-items.i32}, {@code similar-scores.f32}: {@link SimilarItems}, little-endian;
 *   <li>{@code knn-items.i32}, {@code knn-scores.f32} (a blend model only): the item-kNN neighbours
 *       ({@link Model#knn()}), the same layout as the similar items, the {@link BlendSettings}'
 *       {@code knnPerItem} per item; always read with the essential files (a blend's first answer
 *       needs them);
 *   <li>{@code item-graph.i32} (optional): the {@link ItemGraph} for approximate top-K;
 *   <li>{@code catalog-items.jsonl} (optional): the {@link ModelCatalog} at the cut, one item per
 *       line;
 *   <li>{@code manifest.json}: {@link ModelManifest}, written last, with every file's size and
 *       SHA-256 (and the SHA-256 of every {@link #PART_BYTES} of the large ones).
 * </ul>
 *
 * Format 1 (an older trainer's) also held shopper ids, factors and purchases: its item files are
 * read, the rest is never fetched, and the Gramian is computed at load. Ids never contain line
 * breaks: the api refuses control characters.
 */
public final class ModelFiles {

  public static final int FORMAT_VERSION = 2;
  public static final String MANIFEST = "manifest.json";
  public static final String ITEM_FACTORS = "item-factors.f32";
  public static final String ITEM_IDS = "item-ids.txt";
  public static final String ITEM_CATEGORIES = "item-categories.txt";
  public static final String ITEM_GRAMIAN = "item-gramian.f64";
  public static final String POPULAR = "popular.json";
  public static final String SIMILAR_ITEMS = "similar-items.i32";
  public static final String SIMILAR_SCORES = "similar-scores.f32";
  public static final String ITEM_GRAPH = "item-graph.i32";
  public static final String KNN_ITEMS = "knn-items.i32";
  public static final String KNN_SCORES = "knn-scores.f32";
  public static final String CATALOG_ITEMS = "catalog-items.jsonl";

  /** Format 1 only: shopper files, never read. */
  public static final String USER_FACTORS = "user-factors.f32";

  public static final String USER_IDS = "user-ids.txt";
  public static final String PURCHASED = "user-purchased.i32";

  /** Files larger than this carry per-part checksums and are fetched in parts of this size. */
  public static final long PART_BYTES = 16L << 20;

  private static final int CHUNK = 1 << 16;

  private ModelFiles() {}

  /** Where a model is read from: a folder, an S3 prefix… */
  @FunctionalInterface
  public interface Source {
    InputStream open(String fileName) throws IOException;

    /**
     * Bytes [offset, offset + length) of a file; sources that can (S3 ranges, files) override it.
     */
    default InputStream openRange(String fileName, long offset, long length) throws IOException {
      InputStream in = open(fileName);
      in.skipNBytes(offset);
      return new java.io.BufferedInputStream(new BoundedInputStream(in, length), CHUNK);
    }

    /** A folder's files. */
    static Source of(Path dir) {
      return new Source() {
        @Override
        public InputStream open(String fileName) throws IOException {
          return Files.newInputStream(dir.resolve(fileName));
        }

        @Override
        public InputStream openRange(String fileName, long offset, long length) throws IOException {
          var channel = Files.newByteChannel(dir.resolve(fileName));
          channel.position(offset);
          return new BoundedInputStream(java.nio.channels.Channels.newInputStream(channel), length);
        }
      };
    }
  }

  /** When the SHA-256 checksums of a model's files are checked. */
  public enum Checksums {
    /** Every file and every part before the model is returned. */
    BEFORE,
    /**
     * Every file before, except the parts of a factor file large enough to have parts (above {@link
     * #PART_BYTES}): their sizes are checked at once, their SHA-256 by a later {@link
     * #verifyFactors} — hashing is most of a large model's read, and a cold start need not wait for
     * it.
     */
    FACTOR_PARTS_AFTER
  }

  /**
   * What to read besides ids, categories, factors, Gramian and popular lists, which every reader
   * needs.
   */
  public record Parts(boolean graph, boolean catalog, boolean similar) {
    public static final Parts ALL = new Parts(true, true, true);

    /**
     * What a first recommendation needs: no graph, catalog or similar items, which can follow
     * ({@link #readGraph}, {@link #readSimilar}, {@link #readCatalog}).
     */
    public static final Parts ESSENTIAL = new Parts(false, false, false);

    /** What fold-in needs: no graph, catalog or similar items (the stream updater). */
    public static final Parts FOLD_IN = new Parts(false, false, false);
  }

  /**
   * Writes {@code model} into {@code dir}: data files first, {@code manifest.json} last, with the
   * sizes and checksums filled in. Returns the manifest written.
   */
  public static ModelManifest write(Model model, Path dir) {
    try {
      Files.createDirectories(dir);
      Map<String, ModelManifest.FileEntry> entries = new LinkedHashMap<>();
      entries.put(ITEM_IDS, writeFile(dir, ITEM_IDS, out -> writeLines(out, model.items().ids())));
      entries.put(
          ITEM_CATEGORIES,
          writeFile(dir, ITEM_CATEGORIES, out -> writeLines(out, model.itemCategories())));
      entries.put(
          ITEM_FACTORS,
          writeFile(dir, ITEM_FACTORS, out -> writeFloats(out, model.itemFactors().data())));
      entries.put(
          ITEM_GRAMIAN,
          writeFile(dir, ITEM_GRAMIAN, out -> writeDoubles(out, model.itemGramian())));
      entries.put(
          POPULAR,
          writeFile(
              dir, POPULAR, out -> out.write(Json.mapper().writeValueAsBytes(model.popular()))));
      entries.put(
          SIMILAR_ITEMS,
          writeFile(dir, SIMILAR_ITEMS, out -> writeInts(out, model.similar().neighbours())));
      entries.put(
          SIMILAR_SCORES,
          writeFile(dir, SIMILAR_SCORES, out -> writeFloats(out, model.similar().scores())));
      if (!model.knn().isEmpty()) {
        entries.put(
            KNN_ITEMS, writeFile(dir, KNN_ITEMS, out -> writeInts(out, model.knn().neighbours())));
        entries.put(
            KNN_SCORES, writeFile(dir, KNN_SCORES, out -> writeFloats(out, model.knn().scores())));
      }
      if (model.graph() != null) {
        entries.put(ITEM_GRAPH, writeFile(dir, ITEM_GRAPH, out -> model.graph().write(out)));
      }
      if (!model.catalog().isEmpty()) {
        entries.put(
            CATALOG_ITEMS,
            writeFile(dir, CATALOG_ITEMS, out -> writeCatalog(out, model.catalog())));
      }
      ModelManifest manifest = normalized(model).withFiles(entries);
      Path tmp = dir.resolve(MANIFEST + ".tmp");
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), manifest);
      Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model to " + dir, e);
    }
  }

  public static Model read(Path dir) {
    return read(Source.of(dir));
  }

  /** Reads and verifies a whole model, one file after the other. */
  public static Model read(Source source) {
    return read(source, Runnable::run, Parts.ALL);
  }

  /**
   * Reads and verifies a model: every file must have the size and SHA-256 its manifest states.
   * Files (and the parts of large ones) are fetched on {@code executor}, side by side when it has
   * threads to spare.
   *
   * @throws CorruptModelException when a file is missing, short, altered or unparsable, or the
   *     format is unknown
   */
  public static Model read(Source source, Executor executor, Parts parts) {
    return read(source, executor, parts, Checksums.BEFORE);
  }

  /**
   * Reads a model as {@link #read(Source, Executor, Parts)} does, its checksums checked as {@code
   * checksums} says: with {@link Checksums#FACTOR_PARTS_AFTER} the caller must call {@link
   * #verifyFactors} before it trusts the factors for longer than a first answer.
   */
  public static Model read(Source source, Executor executor, Parts parts, Checksums checksums) {
    ModelManifest manifest = readManifest(source);
    int k = manifest.factors();
    int items = manifest.items();
    boolean v2 = manifest.formatVersion() == FORMAT_VERSION;
    // the id index (a hash table over every id: random memory access, about as long as reading the
    // ids) is built as soon as the ids are in, while the factors are still coming
    CompletableFuture<IdIndex> ids =
        async(
                executor,
                () -> readVerified(source, manifest, ITEM_IDS, in -> readLines(in, items, false)))
            .thenApplyAsync(IdIndex::new, executor);
    CompletableFuture<String[]> categories =
        async(
            executor,
            () ->
                readVerified(source, manifest, ITEM_CATEGORIES, in -> readLines(in, items, true)));
    CompletableFuture<float[]> factors =
        readFloatsInParts(
            source,
            manifest,
            ITEM_FACTORS,
            Math.multiplyExact(items, k),
            executor,
            checksums == Checksums.BEFORE);
    CompletableFuture<double[]> gramian =
        v2
            ? async(
                executor,
                () -> readVerified(source, manifest, ITEM_GRAMIAN, in -> readDoubles(in, k * k)))
            : CompletableFuture.completedFuture(null);
    CompletableFuture<PopularLists> popular =
        async(
            executor,
            () ->
                readVerified(
                    source,
                    manifest,
                    POPULAR,
                    in ->
                        Json.mapper()
                            .readValue(in.readAllBytes(), new TypeReference<PopularLists>() {})));
    int perItem = parts.similar() ? manifest.similarPerItem() : 0;
    int similarLength = Math.multiplyExact(items, perItem);
    CompletableFuture<int[]> neighbours =
        perItem == 0
            ? CompletableFuture.completedFuture(new int[0])
            : async(
                executor,
                () ->
                    readVerified(
                        source, manifest, SIMILAR_ITEMS, in -> readInts(in, similarLength)));
    CompletableFuture<float[]> scores =
        perItem == 0
            ? CompletableFuture.completedFuture(new float[0])
            : async(
                executor,
                () ->
                    readVerified(
                        source, manifest, SIMILAR_SCORES, in -> readFloats(in, similarLength)));
    CompletableFuture<ItemGraph> graph =
        parts.graph() && manifest.files().containsKey(ITEM_GRAPH)
            ? async(executor, () -> readGraph(source, manifest))
            : CompletableFuture.completedFuture(null);
    CompletableFuture<ModelCatalog> catalog =
        parts.catalog() && manifest.files().containsKey(CATALOG_ITEMS)
            ? async(executor, () -> readCatalog(source, manifest))
            : CompletableFuture.completedFuture(ModelCatalog.none());
    int knnPerItem = BlendSettings.of(manifest).map(BlendSettings::neighboursPerItem).orElse(0);
    int knnLength = Math.multiplyExact(items, knnPerItem);
    CompletableFuture<int[]> knnItems =
        knnPerItem == 0
            ? CompletableFuture.completedFuture(new int[0])
            : async(
                executor,
                () -> readVerified(source, manifest, KNN_ITEMS, in -> readInts(in, knnLength)));
    CompletableFuture<float[]> knnScores =
        knnPerItem == 0
            ? CompletableFuture.completedFuture(new float[0])
            : async(
                executor,
                () -> readVerified(source, manifest, KNN_SCORES, in -> readFloats(in, knnLength)));
    try {
      IdIndex index = join(ids);
      return new Model(
          manifest,
          index,
          new FactorMatrix(join(factors), index.size(), k),
          join(categories),
          join(gramian),
          join(popular),
          new SimilarItems(perItem, join(neighbours), join(scores)),
          join(graph),
          join(catalog),
          new SimilarItems(knnPerItem, join(knnItems), join(knnScores)));
    } catch (IllegalArgumentException e) {
      throw new CorruptModelException(
          "inconsistent model " + manifest.version() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the item factors of {@code model} against its manifest's per-part SHA-256, the bytes
   * being the floats as the file holds them (little-endian, bit for bit): for a model read with
   * {@link Checksums#FACTOR_PARTS_AFTER}. Parts are hashed side by side on {@code executor}.
   *
   * @throws CorruptModelException naming the first part that does not match
   */
  public static void verifyFactors(Model model, Executor executor) {
    ModelManifest manifest = model.manifest();
    ModelManifest.FileEntry entry = entry(manifest, ITEM_FACTORS);
    float[] values = model.itemFactors().data();
    if (!entry.hasParts()) {
      check(
          manifest,
          ITEM_FACTORS,
          (long) values.length * Float.BYTES,
          entry.bytes(),
          sha256Of(values, 0, values.length),
          entry.sha256());
      return;
    }
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (int p = 0; p < entry.parts().size(); p++) {
      long offset = p * entry.partBytes();
      long length = Math.min(entry.partBytes(), entry.bytes() - offset);
      String expected = entry.parts().get(p);
      parts.add(
          CompletableFuture.runAsync(
              () ->
                  check(
                      manifest,
                      ITEM_FACTORS + " part at " + offset,
                      length,
                      length,
                      sha256Of(values, (int) (offset / Float.BYTES), (int) (length / Float.BYTES)),
                      expected),
              executor));
    }
    join(CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)));
  }

  /**
   * SHA-256 of {@code count} floats from {@code from} as little-endian bytes, in chunks (no copy of
   * the whole).
   */
  private static String sha256Of(float[] values, int from, int count) {
    MessageDigest digest = digest();
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; ) {
      int n = Math.min(CHUNK / Float.BYTES, count - i);
      buffer.clear();
      buffer.asFloatBuffer().put(values, from + i, n);
      digest.update(buffer.array(), 0, n * Float.BYTES);
      i += n;
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The manifest alone, checked for a format this reader knows. */
  public static ModelManifest readManifest(Source source) {
    ModelManifest manifest;
    try (InputStream in = source.open(MANIFEST)) {
      manifest = Json.mapper().readValue(in, ModelManifest.class);
    } catch (IOException | RuntimeException e) {
      throw new CorruptModelException("unreadable " + MANIFEST + ": " + e.getMessage(), e);
    }
    if (manifest.formatVersion() != FORMAT_VERSION && manifest.formatVersion() != 1) {
      throw new CorruptModelException(
          "unsupported model format "
              + manifest.formatVersion()
              + " of "
              + manifest.version()
              + " (this reader knows 1 and "
              + FORMAT_VERSION
              + ")");
    }
    return manifest;
  }

  /** The model's item graph, verified; null when it ships none. */
  public static ItemGraph readGraph(Source source, ModelManifest manifest) {
    if (!manifest.files().containsKey(ITEM_GRAPH)) {
      return null;
    }
    return readVerified(source, manifest, ITEM_GRAPH, in -> ItemGraph.read(in, manifest.items()));
  }

  /** The model's similar items, verified (both files read side by side on {@code executor}). */
  public static SimilarItems readSimilar(Source source, ModelManifest manifest, Executor executor) {
    int perItem = manifest.similarPerItem();
    if (perItem == 0) {
      return SimilarItems.none();
    }
    int length = Math.multiplyExact(manifest.items(), perItem);
    CompletableFuture<int[]> neighbours =
        async(
            executor,
            () -> readVerified(source, manifest, SIMILAR_ITEMS, in -> readInts(in, length)));
    CompletableFuture<float[]> scores =
        async(
            executor,
            () -> readVerified(source, manifest, SIMILAR_SCORES, in -> readFloats(in, length)));
    return new SimilarItems(perItem, join(neighbours), join(scores));
  }

  /** The catalog shipped with the model, verified; empty when it ships none. */
  public static ModelCatalog readCatalog(Source source, ModelManifest manifest) {
    if (!manifest.files().containsKey(CATALOG_ITEMS)) {
      return ModelCatalog.none();
    }
    return readVerified(source, manifest, CATALOG_ITEMS, ModelFiles::readCatalogLines);
  }

  /** SHA-256 of a byte array as lower-case hex, as the manifest records it. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static ModelManifest normalized(Model model) {
    ModelManifest m = model.manifest();
    return new ModelManifest(
        FORMAT_VERSION,
        m.version(),
        m.created(),
        model.factors(),
        m.users(),
        model.items().size(),
        model.similar().perItem(),
        m.parameters(),
        m.metrics(),
        m.counts(),
        Map.of(),
        m.engine() == null ? ModelManifest.SINGLE_NODE : m.engine(),
        m.seenUntil());
  }

  @FunctionalInterface
  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(InputStream in) throws IOException;
  }

  private static <T> CompletableFuture<T> async(
      Executor executor, java.util.function.Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, executor);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  private static ModelManifest.FileEntry writeFile(Path dir, String name, Writer writer)
      throws IOException {
    MessageDigest digest = digest();
    PartDigests parts = new PartDigests();
    CountingOutputStream counter;
    try (OutputStream file =
            new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), CHUNK);
        DigestOutputStream out =
            new DigestOutputStream(counter = new CountingOutputStream(parts.tee(file)), digest)) {
      writer.write(out);
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    List<String> partList = parts.finish();
    return counter.count > PART_BYTES
        ? new ModelManifest.FileEntry(counter.count, sha, PART_BYTES, partList)
        : new ModelManifest.FileEntry(counter.count, sha);
  }

  private static <T> T readVerified(
      Source source, ModelManifest manifest, String name, Reader<T> reader) {
    ModelManifest.FileEntry entry = entry(manifest, name);
    MessageDigest digest = digest();
    try (InputStream raw = source.open(name);
        CountingInputStream counter = new CountingInputStream(raw);
        DigestInputStream in =
            new DigestInputStream(new java.io.BufferedInputStream(counter, CHUNK), digest)) {
      T value = reader.read(in);
      in.transferTo(OutputStream.nullOutputStream());
      check(
          manifest,
          name,
          counter.count,
          entry.bytes(),
          HexFormat.of().formatHex(digest.digest()),
          entry.sha256());
      return value;
    } catch (IOException | RuntimeException e) {
      throw corrupt(manifest, name, e);
    }
  }

  /**
   * A float file fetched in its manifest's parts, side by side on {@code executor}, each part
   * verified against its own SHA-256 and decoded straight into its slice of one array.
   */
  private static CompletableFuture<float[]> readFloatsInParts(
      Source source,
      ModelManifest manifest,
      String name,
      int count,
      Executor executor,
      boolean verify) {
    ModelManifest.FileEntry entry = entry(manifest, name);
    if (!entry.hasParts()) {
      return async(
          executor, () -> readVerified(source, manifest, name, in -> readFloats(in, count)));
    }
    if (entry.bytes() != (long) count * Float.BYTES) {
      return CompletableFuture.failedFuture(
          new CorruptModelException(
              name
                  + " of "
                  + manifest.version()
                  + " does not match its manifest ("
                  + entry.bytes()
                  + " bytes for "
                  + count
                  + " floats)"));
    }
    float[] values = new float[count];
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (int p = 0; p < entry.parts().size(); p++) {
      long offset = p * entry.partBytes();
      long length = Math.min(entry.partBytes(), entry.bytes() - offset);
      String expected = entry.parts().get(p);
      parts.add(
          CompletableFuture.runAsync(
              () -> {
                MessageDigest digest = digest();
                try (InputStream raw = source.openRange(name, offset, length);
                    CountingInputStream counter = new CountingInputStream(raw);
                    DigestInputStream in = new DigestInputStream(counter, digest)) {
                  in.on(verify);
                  readFloatsInto(
                      in, values, (int) (offset / Float.BYTES), (int) (length / Float.BYTES));
                  in.transferTo(OutputStream.nullOutputStream());
                  check(
                      manifest,
                      name + " part at " + offset,
                      counter.count,
                      length,
                      verify ? HexFormat.of().formatHex(digest.digest()) : expected,
                      expected);
                } catch (IOException | RuntimeException e) {
                  throw corrupt(manifest, name, e);
                }
              },
              executor));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> values);
  }

  private static ModelManifest.FileEntry entry(ModelManifest manifest, String name) {
    ModelManifest.FileEntry entry = manifest.files().get(name);
    if (entry == null) {
      throw new CorruptModelException("manifest of " + manifest.version() + " lists no " + name);
    }
    return entry;
  }

  private static void check(
      ModelManifest manifest,
      String what,
      long bytes,
      long expectedBytes,
      String sha,
      String expectedSha) {
    if (bytes != expectedBytes) {
      throw new CorruptModelException(
          what
              + " of "
              + manifest.version()
              + " does not match its manifest ("
              + bytes
              + " bytes, expected "
              + expectedBytes
              + ")");
    }
    if (!sha.equals(expectedSha)) {
      throw new CorruptModelException(
          what
              + " of "
              + manifest.version()
              + " does not match its manifest (sha256 "
              + sha
              + ", expected "
              + expectedSha
              + ")");
    }
  }

  private static CorruptModelException corrupt(ModelManifest manifest, String name, Exception e) {
    if (e instanceof CorruptModelException corrupt) {
      return corrupt;
    }
    return new CorruptModelException(
        "cannot read " + name + " of " + manifest.version() + ": " + e.getMessage(), e);
  }

  private static void writeLines(OutputStream out, String[] lines) throws IOException {
    BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    for (String line : lines) {
      writer.write(line);
      writer.write('\n');
    }
    writer.flush();
  }

  /**
   * @param shared whether equal lines share one String (categories: few values, many rows)
   */
  private static String[] readLines(InputStream in, int expected, boolean shared)
      throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), CHUNK);
    String[] lines = new String[expected];
    Map<String, String> canonical = shared ? new HashMap<>() : null;
    for (int i = 0; i < expected; i++) {
      String line = reader.readLine();
      if (line == null) {
        throw new EOFException("expected " + expected + " lines, got " + i);
      }
      lines[i] = shared ? canonical.computeIfAbsent(line, l -> l) : line;
    }
    return lines;
  }

  private static void writeCatalog(OutputStream out, ModelCatalog catalog) throws IOException {
    var writer = Json.mapper().writer();
    for (Item item : catalog.items()) {
      out.write(writer.writeValueAsBytes(item));
      out.write('\n');
    }
  }

  private static ModelCatalog readCatalogLines(InputStream in) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), CHUNK);
    var itemReader = Json.mapper().readerFor(Item.class);
    List<Item> items = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (!line.isBlank()) {
        items.add(itemReader.readValue(line));
      }
    }
    return new ModelCatalog(items);
  }

  private static void writeFloats(OutputStream out, float[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; ) {
      int n = Math.min(CHUNK / Float.BYTES, values.length - i);
      buffer.clear();
      buffer.asFloatBuffer().put(values, i, n);
      out.write(buffer.array(), 0, n * Float.BYTES);
      i += n;
    }
  }

  private static void writeDoubles(OutputStream out, double[] values) throws IOException {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asDoubleBuffer().put(values);
    out.write(buffer.array());
  }

  private static void writeInts(OutputStream out, int[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; ) {
      int n = Math.min(CHUNK / Integer.BYTES, values.length - i);
      buffer.clear();
      buffer.asIntBuffer().put(values, i, n);
      out.write(buffer.array(), 0, n * Integer.BYTES);
      i += n;
    }
  }

  private static float[] readFloats(InputStream in, int count) throws IOException {
    float[] values = new float[count];
    readFloatsInto(in, values, 0, count);
    return values;
  }

  private static void readFloatsInto(InputStream in, float[] values, int from, int count)
      throws IOException {
    byte[] bytes = new byte[CHUNK];
    DataInputStream data = new DataInputStream(in);
    for (int i = 0; i < count; ) {
      int n = Math.min(CHUNK / Float.BYTES, count - i);
      data.readFully(bytes, 0, n * Float.BYTES);
      ByteBuffer.wrap(bytes, 0, n * Float.BYTES)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(values, from + i, n);
      i += n;
    }
  }

  private static double[] readDoubles(InputStream in, int count) throws IOException {
    byte[] bytes = new byte[count * Double.BYTES];
    new DataInputStream(in).readFully(bytes);
    double[] values = new double[count];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    return values;
  }

  private static int[] readInts(InputStream in, int count) throws IOException {
    int[] values = new int[count];
    byte[] bytes = new byte[CHUNK];
    DataInputStream data = new DataInputStream(in);
    for (int i = 0; i < count; ) {
      int n = Math.min(CHUNK / Integer.BYTES, count - i);
      data.readFully(bytes, 0, n * Integer.BYTES);
      ByteBuffer.wrap(bytes, 0, n * Integer.BYTES)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asIntBuffer()
          .get(values, i, n);
      i += n;
    }
    return values;
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * SHA-256 of each {@link #PART_BYTES} of what passes through (the writer's side of per-part
   * checksums).
   */
  private static final class PartDigests {
    private final List<String> done = new ArrayList<>();
    private MessageDigest current = digest();
    private long inPart;

    OutputStream tee(OutputStream out) {
      return new java.io.FilterOutputStream(out) {
        @Override
        public void write(int b) throws IOException {
          out.write(b);
          update(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          update(b, off, len);
        }
      };
    }

    void update(byte[] b, int off, int len) {
      while (len > 0) {
        int n = (int) Math.min(len, PART_BYTES - inPart);
        current.update(b, off, n);
        inPart += n;
        off += n;
        len -= n;
        if (inPart == PART_BYTES) {
          done.add(HexFormat.of().formatHex(current.digest()));
          inPart = 0;
        }
      }
    }

    List<String> finish() {
      if (inPart > 0) {
        done.add(HexFormat.of().formatHex(current.digest()));
        inPart = 0;
      }
      return List.copyOf(done);
    }
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  private static final class CountingInputStream extends java.io.FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /** At most {@code remaining} bytes of another stream. */
  private static final class BoundedInputStream extends java.io.FilterInputStream {
    private long remaining;

    BoundedInputStream(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
