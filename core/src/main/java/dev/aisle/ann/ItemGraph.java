package dev.aisle.ann;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;

/**
 * A navigable small-world graph over item rows (HNSW, built by {@link ItemGraphBuilder} with
 * Lucene), kept as flat int arrays: what a model ships in {@code item-graph.i32} and what serving
 * searches ({@link ApproximateTopK}). Layout, per level {@code l}: the level's nodes ascending
 * ({@code nodes[l]}; level 0 holds every row, so its array is omitted), CSR offsets ({@code
 * start[l]}, one more than the nodes) and the neighbours ({@code neighbours[l]}).
 *
 * <p>Immutable and shared; {@link #view()} gives the per-search cursor Lucene's searcher moves.
 */
public final class ItemGraph {

  /** File header: magic, format, rows, levels, entry node, maxConn, beamWidth. */
  static final int MAGIC = 0x41495347; // "AISG"

  static final int FORMAT = 1;

  private final int size;
  private final int entryNode;
  private final int maxConn;
  private final int beamWidth;
  private final int[][] nodes;
  private final int[][] start;
  private final int[][] neighbours;

  ItemGraph(
      int size,
      int entryNode,
      int maxConn,
      int beamWidth,
      int[][] nodes,
      int[][] start,
      int[][] neighbours) {
    if (nodes.length != start.length || start.length != neighbours.length || start.length == 0) {
      throw new IllegalArgumentException("a graph needs the same number of levels in every array");
    }
    if (start[0].length != size + 1) {
      throw new IllegalArgumentException("level 0 must hold every one of the " + size + " rows");
    }
    this.size = size;
    this.entryNode = entryNode;
    this.maxConn = maxConn;
    this.beamWidth = beamWidth;
    this.nodes = nodes;
    this.start = start;
    this.neighbours = neighbours;
  }

  public int size() {
    return size;
  }

  public int levels() {
    return start.length;
  }

  /** The row searches start from (on the top level). */
  public int entryNodeRow() {
    return entryNode;
  }

  public int maxConn() {
    return maxConn;
  }

  public int beamWidth() {
    return beamWidth;
  }

  /** Edges stored, all levels. */
  public long edges() {
    long n = 0;
    for (int[] level : neighbours) {
      n += level.length;
    }
    return n;
  }

  /** Heap bytes of the arrays (what a container pays to hold the graph). */
  public long bytes() {
    long ints = 0;
    for (int l = 0; l < levels(); l++) {
      ints += (nodes[l] == null ? 0 : nodes[l].length) + start[l].length + neighbours[l].length;
    }
    return ints * Integer.BYTES;
  }

  /**
   * A cursor over this graph for one search (Lucene's graphs keep their position in the object).
   */
  public HnswGraph view() {
    return new View();
  }

  /**
   * Writes the graph as little-endian int32s (header, then per level: nodes, offsets, neighbours).
   */
  public void write(OutputStream out) throws IOException {
    IntWriter w = new IntWriter(out);
    w.put(MAGIC);
    w.put(FORMAT);
    w.put(size);
    w.put(levels());
    w.put(entryNode);
    w.put(maxConn);
    w.put(beamWidth);
    for (int l = 0; l < levels(); l++) {
      int count = l == 0 ? size : nodes[l].length;
      w.put(count);
      w.put(neighbours[l].length);
      if (l > 0) {
        w.putAll(nodes[l]);
      }
      w.putAll(start[l]);
      w.putAll(neighbours[l]);
    }
    w.flush();
  }

  /** Reads what {@link #write} wrote; {@code expectedSize} is the model's item count. */
  public static ItemGraph read(InputStream in, int expectedSize) throws IOException {
    DataInputStream data = new DataInputStream(in);
    IntReader r = new IntReader(data);
    if (r.next() != MAGIC || r.next() != FORMAT) {
      throw new IOException("not an item graph of format " + FORMAT);
    }
    int size = r.next();
    if (size != expectedSize) {
      throw new IOException("the graph covers " + size + " rows, the model has " + expectedSize);
    }
    int levels = r.next();
    int entry = r.next();
    int maxConn = r.next();
    int beamWidth = r.next();
    if (levels < 1 || levels > 64 || entry < 0 || entry >= Math.max(1, size)) {
      throw new IOException("corrupt item graph header");
    }
    int[][] nodes = new int[levels][];
    int[][] start = new int[levels][];
    int[][] neighbours = new int[levels][];
    for (int l = 0; l < levels; l++) {
      int count = r.next();
      int edges = r.next();
      if (count < 0 || count > size || edges < 0) {
        throw new IOException("corrupt item graph level " + l);
      }
      nodes[l] = l == 0 ? null : r.array(count);
      start[l] = r.array(count + 1);
      neighbours[l] = r.array(edges);
      if (start[l][count] != edges) {
        throw new IOException("item graph level " + l + " offsets do not match its edges");
      }
    }
    return new ItemGraph(size, entry, maxConn, beamWidth, nodes, start, neighbours);
  }

  /** Lucene's view of the arrays: {@code seek} positions the neighbour cursor. */
  private final class View extends HnswGraph {
    private int[] current = new int[0];
    private int at;
    private int end;

    @Override
    public void seek(int level, int target) {
      int slot = level == 0 ? target : Arrays.binarySearch(nodes[level], target);
      if (slot < 0) {
        throw new IllegalStateException("node " + target + " is not on level " + level);
      }
      current = neighbours[level];
      at = start[level][slot];
      end = start[level][slot + 1];
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int nextNeighbor() {
      return at < end ? current[at++] : DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int numLevels() {
      return start.length;
    }

    @Override
    public int entryNode() {
      return entryNode;
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) {
      return level == 0
          ? new ArrayNodesIterator(size)
          : new ArrayNodesIterator(nodes[level], nodes[level].length);
    }
  }

  private static final class IntWriter {
    private final OutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    IntWriter(OutputStream out) {
      this.out = out;
    }

    void put(int v) throws IOException {
      if (!buffer.hasRemaining()) {
        flush();
      }
      buffer.putInt(v);
    }

    void putAll(int[] values) throws IOException {
      for (int v : values) {
        put(v);
      }
    }

    void flush() throws IOException {
      out.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
  }

  private static final class IntReader {
    private final DataInputStream in;
    private final byte[] bytes = new byte[1 << 16];

    IntReader(DataInputStream in) {
      this.in = in;
    }

    int next() throws IOException {
      in.readFully(bytes, 0, Integer.BYTES);
      return ByteBuffer.wrap(bytes, 0, Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    int[] array(int count) throws IOException {
      if (count < 0) {
        throw new EOFException("negative length");
      }
      int[] values = new int[count];
      for (int i = 0; i < count; ) {
        int n = Math.min(bytes.length / Integer.BYTES, count - i);
        in.readFully(bytes, 0, n * Integer.BYTES);
        ByteBuffer.wrap(bytes, 0, n * Integer.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN)
            .asIntBuffer()
            .get(values, i, n);
        i += n;
      }
      return values;
    }
  }
}
