package dev.aisle.segment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code v1/segments/index.json} of the CDN bucket: how a client that knows only its own context
 * (country, device, channel…) picks the shopper segment whose recommendations it shows, with no
 * server call. The precompute writes it with every model; serving uses the same rule for shoppers
 * the model does not know yet.
 *
 * <p>The rule, which the browser implements in a few lines of JavaScript:
 *
 * <ol>
 *   <li>Normalize every context value with {@link #normalize}: trim, then lower-case ({@code " DE
 *       "} → {@code "de"}); a missing or blank value matches nothing.
 *   <li>Walk {@link #rules()} in order; the first rule whose every {@code match} entry equals the
 *       normalized context value of that attribute wins. Rules are ordered most specific first
 *       (more attributes before fewer), so a full match beats a partial one.
 *   <li>No rule matches: {@link #fallback()}.
 * </ol>
 *
 * Context keys the index does not name are ignored, so clients may send more than it needs.
 *
 * <pre>{@code
 * function pickSegment(index, context) {
 *   const norm = v => (v == null ? "" : String(v).trim().toLowerCase());
 *   const rule = index.rules.find(r =>
 *       Object.entries(r.match).every(([k, v]) => norm(context[k]) === v));
 *   return rule ? rule.segment : index.fallback;
 * }
 * }</pre>
 *
 * <p>The JSON carries no timestamp: an unchanged model gives byte-identical output, which the CDN
 * upload relies on to skip unchanged objects. Map entries are kept sorted for the same reason. The
 * format's version is the {@code v1/} of its path.
 *
 * @param modelVersion the model the segments were computed from
 * @param attributes the context attributes the rules look at
 * @param rules decision list, most specific first; values already normalized
 * @param fallback the segment for a context no rule matches (the largest segment)
 * @param segments every segment with its size and typical attributes, for display and debugging
 * @param lists where this index's segment lists are, relative to {@code v1/}: each run publishes
 *     them under a prefix of its own ({@code segments/<model version>-<short hash>/}), so a client
 *     holding an older index still finds the lists that index was written with; null in indexes
 *     written before (their lists are {@link #LEGACY_LISTS}); see {@link #listsPrefix()}
 */
public record SegmentIndex(
    String modelVersion,
    List<String> attributes,
    List<Rule> rules,
    String fallback,
    List<Segment> segments,
    @JsonInclude(JsonInclude.Include.NON_NULL) String lists) {

  /** Where the lists of an index without {@code lists} are (relative to {@code v1/}). */
  public static final String LEGACY_LISTS = "segments/";

  public SegmentIndex {
    Objects.requireNonNull(fallback, "fallback");
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
    rules = rules == null ? List.of() : List.copyOf(rules);
    segments = segments == null ? List.of() : List.copyOf(segments);
  }

  /**
   * One line of the decision list: when every entry of {@code match} equals the context's
   * normalized value, the client is in {@code segment}.
   *
   * @param shoppers trained shoppers with exactly this combination (how much evidence the rule has)
   */
  public record Rule(Map<String, String> match, String segment, long shoppers) {
    public Rule {
      match = sorted(match);
      Objects.requireNonNull(segment, "segment");
      for (Map.Entry<String, String> entry : match.entrySet()) {
        if (entry.getValue().isEmpty() || !entry.getValue().equals(normalize(entry.getValue()))) {
          throw new IllegalArgumentException(
              "rule value of " + entry.getKey() + " is not normalized: '" + entry.getValue() + "'");
        }
      }
    }

    /**
     * Whether every entry of this rule equals the corresponding normalized value of {@code
     * context}.
     */
    public boolean matches(Map<String, String> context) {
      for (Map.Entry<String, String> entry : match.entrySet()) {
        if (!entry.getValue().equals(normalize(context.get(entry.getKey())))) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A segment as a client may show or log it.
   *
   * @param id the segment id; its recommendations are {@code v1/segments/<id>.json}
   * @param shoppers trained shoppers assigned to it
   * @param profile the most common value of each attribute among its shoppers
   */
  public record Segment(String id, long shoppers, Map<String, String> profile) {
    public Segment {
      Objects.requireNonNull(id, "id");
      profile = sorted(profile);
    }
  }

  /** This index with its lists under {@code lists} (relative to {@code v1/}, ending in '/'). */
  public SegmentIndex withLists(String lists) {
    return new SegmentIndex(modelVersion, attributes, rules, fallback, segments, lists);
  }

  /**
   * Where this index's segment lists are, relative to {@code v1/}: {@code lists}, else the old flat
   * folder.
   */
  public String listsPrefix() {
    return lists == null || lists.isBlank() ? LEGACY_LISTS : lists;
  }

  /**
   * The segment for a client with this context (attribute → value; values need not be normalized).
   */
  public String assign(Map<String, String> context) {
    Map<String, String> ctx = context == null ? Map.of() : context;
    for (Rule rule : rules) {
      if (rule.matches(ctx)) {
        return rule.segment();
      }
    }
    return fallback;
  }

  /** The segment of the given id, or null when it is not listed. */
  public Segment segment(String id) {
    for (Segment segment : segments) {
      if (segment.id().equals(id)) {
        return segment;
      }
    }
    return null;
  }

  /** Reads {@code index.json} as stored in the CDN bucket: gzip-encoded or plain JSON. */
  public static SegmentIndex parse(byte[] bytes) {
    return CdnJson.parse(bytes, SegmentIndex.class);
  }

  /**
   * How attribute values are compared: trimmed, lower-case (root locale); null and blank become "".
   */
  public static String normalize(String value) {
    return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> sorted(Map<String, String> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
