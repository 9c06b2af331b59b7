package dev.aisle.model;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.aisle.json.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
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
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's file layout: one folder ({@code models/<version>/} in S3) holding
 * <ul>
 *   <li>{@code user-factors.f32}, {@code item-factors.f32}: little-endian float32, row-major;
 *   <li>{@code user-ids.txt}, {@code item-ids.txt}: one id per line (UTF-8), in row order;
 *   <li>{@code item-categories.txt}: the category of each item row, one per line;
 *   <li>{@code popular.json}: {@link PopularLists};
 *   <li>{@code similar-items.i32}, {@code similar-scores.f32}: {@link SimilarItems}, little-endian;
 *   <li>{@code user-purchased.i32}: {@link PurchasedItems}, little-endian int32: users + 1 offsets,
 *       then the item rows (optional: a manifest that does not list it means "none");
 *   <li>{@code manifest.json}: {@link ModelManifest}, written last, with every file's size and SHA-256.
 * </ul>
 * Ids never contain line breaks: the api refuses control characters.
 */
public final class ModelFiles {

  public static final int FORMAT_VERSION = 1;
  public static final String MANIFEST = "manifest.json";
  public static final String USER_FACTORS = "user-factors.f32";
  public static final String ITEM_FACTORS = "item-factors.f32";
  public static final String USER_IDS = "user-ids.txt";
  public static final String ITEM_IDS = "item-ids.txt";
  public static final String ITEM_CATEGORIES = "item-categories.txt";
  public static final String POPULAR = "popular.json";
  public static final String SIMILAR_ITEMS = "similar-items.i32";
  public static final String SIMILAR_SCORES = "similar-scores.f32";
  public static final String PURCHASED = "user-purchased.i32";

  /** Data files in the order they are written; the manifest follows them. */
  public static final List<String> DATA_FILES = List.of(USER_IDS, ITEM_IDS, ITEM_CATEGORIES, USER_FACTORS,
      ITEM_FACTORS, POPULAR, SIMILAR_ITEMS, SIMILAR_SCORES, PURCHASED);

  private static final int CHUNK = 1 << 16;

  private ModelFiles() {}

  /** Where a model is read from: a folder, an S3 prefix… */
  @FunctionalInterface
  public interface Source {
    InputStream open(String fileName) throws IOException;
  }

  /**
   * Writes {@code model} into {@code dir}: data files first, {@code manifest.json} last, with the
   * sizes and checksums filled in. Returns the manifest written.
   */
  public static ModelManifest write(Model model, Path dir) {
    try {
      Files.createDirectories(dir);
      Map<String, ModelManifest.FileEntry> entries = new LinkedHashMap<>();
      entries.put(USER_IDS, writeFile(dir, USER_IDS, out -> writeLines(out, model.users().ids())));
      entries.put(ITEM_IDS, writeFile(dir, ITEM_IDS, out -> writeLines(out, model.items().ids())));
      entries.put(ITEM_CATEGORIES, writeFile(dir, ITEM_CATEGORIES, out -> writeLines(out, model.itemCategories())));
      entries.put(USER_FACTORS, writeFile(dir, USER_FACTORS, out -> writeFloats(out, model.userFactors().data())));
      entries.put(ITEM_FACTORS, writeFile(dir, ITEM_FACTORS, out -> writeFloats(out, model.itemFactors().data())));
      entries.put(POPULAR, writeFile(dir, POPULAR, out -> out.write(Json.mapper().writeValueAsBytes(model.popular()))));
      entries.put(SIMILAR_ITEMS, writeFile(dir, SIMILAR_ITEMS, out -> writeInts(out, model.similar().neighbours())));
      entries.put(SIMILAR_SCORES, writeFile(dir, SIMILAR_SCORES, out -> writeFloats(out, model.similar().scores())));
      entries.put(PURCHASED, writeFile(dir, PURCHASED, out -> {
        PurchasedItems purchased = model.purchased();
        writeInts(out, purchased.isEmpty() ? new int[model.users().size() + 1] : purchased.rowStart());
        writeInts(out, purchased.items());
      }));
      ModelManifest manifest = normalized(model).withFiles(entries);
      Path tmp = dir.resolve(MANIFEST + ".tmp");
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), manifest);
      Files.move(tmp, dir.resolve(MANIFEST), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model to " + dir, e);
    }
  }

  public static Model read(Path dir) {
    return read(name -> Files.newInputStream(dir.resolve(name)));
  }

  /**
   * Reads and verifies a model: every file must have the size and SHA-256 its manifest states.
   *
   * @throws CorruptModelException when a file is missing, short, altered or unparsable
   */
  public static Model read(Source source) {
    ModelManifest manifest;
    try (InputStream in = source.open(MANIFEST)) {
      manifest = Json.mapper().readValue(in, ModelManifest.class);
    } catch (IOException | RuntimeException e) {
      throw new CorruptModelException("unreadable " + MANIFEST + ": " + e.getMessage(), e);
    }
    if (manifest.formatVersion() != FORMAT_VERSION) {
      throw new CorruptModelException("unsupported model format " + manifest.formatVersion());
    }
    int k = manifest.factors();
    String[] users = readVerified(source, manifest, USER_IDS, in -> readLines(in, manifest.users()));
    String[] items = readVerified(source, manifest, ITEM_IDS, in -> readLines(in, manifest.items()));
    String[] categories = readVerified(source, manifest, ITEM_CATEGORIES, in -> readLines(in, manifest.items()));
    float[] userFactors = readVerified(source, manifest, USER_FACTORS, in -> readFloats(in, manifest.users() * k));
    float[] itemFactors = readVerified(source, manifest, ITEM_FACTORS, in -> readFloats(in, manifest.items() * k));
    PopularLists popular = readVerified(source, manifest, POPULAR,
        in -> Json.mapper().readValue(in.readAllBytes(), new TypeReference<PopularLists>() {}));
    int similarLength = manifest.items() * manifest.similarPerItem();
    int[] neighbours = readVerified(source, manifest, SIMILAR_ITEMS, in -> readInts(in, similarLength));
    float[] scores = readVerified(source, manifest, SIMILAR_SCORES, in -> readFloats(in, similarLength));
    PurchasedItems purchased = manifest.files().containsKey(PURCHASED)
        ? readVerified(source, manifest, PURCHASED, in -> readPurchased(in, manifest.users()))
        : PurchasedItems.none();
    try {
      return new Model(manifest, new IdIndex(users), new IdIndex(items),
          new FactorMatrix(userFactors, users.length, k), new FactorMatrix(itemFactors, items.length, k),
          categories, popular, new SimilarItems(manifest.similarPerItem(), neighbours, scores), purchased);
    } catch (IllegalArgumentException e) {
      throw new CorruptModelException("inconsistent model " + manifest.version() + ": " + e.getMessage(), e);
    }
  }

  /** SHA-256 of a byte array as lower-case hex, as the manifest records it. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static ModelManifest normalized(Model model) {
    ModelManifest m = model.manifest();
    return new ModelManifest(FORMAT_VERSION, m.version(), m.created(), model.factors(), model.users().size(),
        model.items().size(), model.similar().perItem(), m.parameters(), m.metrics(), m.counts(), Map.of());
  }

  @FunctionalInterface
  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(InputStream in) throws IOException;
  }

  private static ModelManifest.FileEntry writeFile(Path dir, String name, Writer writer) throws IOException {
    MessageDigest digest = digest();
    CountingOutputStream counter;
    try (OutputStream file = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), CHUNK);
        DigestOutputStream out = new DigestOutputStream(counter = new CountingOutputStream(file), digest)) {
      writer.write(out);
    }
    return new ModelManifest.FileEntry(counter.count, HexFormat.of().formatHex(digest.digest()));
  }

  private static <T> T readVerified(Source source, ModelManifest manifest, String name, Reader<T> reader) {
    ModelManifest.FileEntry entry = manifest.files().get(name);
    if (entry == null) {
      throw new CorruptModelException("manifest of " + manifest.version() + " lists no " + name);
    }
    MessageDigest digest = digest();
    try (InputStream raw = source.open(name);
        CountingInputStream counter = new CountingInputStream(raw);
        DigestInputStream in = new DigestInputStream(new java.io.BufferedInputStream(counter, CHUNK), digest)) {
      T value = reader.read(in);
      in.transferTo(OutputStream.nullOutputStream());
      String actual = HexFormat.of().formatHex(digest.digest());
      if (counter.count != entry.bytes()) {
        throw new CorruptModelException(name + " of " + manifest.version() + " does not match its manifest ("
            + counter.count + " bytes, expected " + entry.bytes() + ")");
      }
      if (!actual.equals(entry.sha256())) {
        throw new CorruptModelException(name + " of " + manifest.version() + " does not match its manifest (sha256 "
            + actual + ", expected " + entry.sha256() + ")");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptModelException corrupt) {
        throw corrupt;
      }
      throw new CorruptModelException("cannot read " + name + " of " + manifest.version() + ": " + e.getMessage(), e);
    }
  }

  private static PurchasedItems readPurchased(InputStream in, int users) throws IOException {
    int[] start = readInts(in, users + 1);
    if (start[users] < 0) {
      throw new EOFException("negative purchased-items length");
    }
    return new PurchasedItems(start, readInts(in, start[users]));
  }

  private static void writeLines(OutputStream out, String[] lines) throws IOException {
    BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    for (String line : lines) {
      writer.write(line);
      writer.write('\n');
    }
    writer.flush();
  }

  private static String[] readLines(InputStream in, int expected) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>(expected);
    for (int i = 0; i < expected; i++) {
      String line = reader.readLine();
      if (line == null) {
        throw new EOFException("expected " + expected + " lines, got " + i);
      }
      lines.add(line);
    }
    return lines.toArray(String[]::new);
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
    byte[] bytes = new byte[CHUNK];
    DataInputStream data = new DataInputStream(in);
    for (int i = 0; i < count; ) {
      int n = Math.min(CHUNK / Float.BYTES, count - i);
      data.readFully(bytes, 0, n * Float.BYTES);
      ByteBuffer.wrap(bytes, 0, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, i, n);
      i += n;
    }
    return values;
  }

  private static int[] readInts(InputStream in, int count) throws IOException {
    int[] values = new int[count];
    byte[] bytes = new byte[CHUNK];
    DataInputStream data = new DataInputStream(in);
    for (int i = 0; i < count; ) {
      int n = Math.min(CHUNK / Integer.BYTES, count - i);
      data.readFully(bytes, 0, n * Integer.BYTES);
      ByteBuffer.wrap(bytes, 0, n * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values, i, n);
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
}
