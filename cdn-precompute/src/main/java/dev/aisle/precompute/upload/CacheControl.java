package dev.aisle.precompute.upload;

/**
 * The {@code Cache-Control} of published objects: shared caches and browsers keep an object for
 * {@code maxAgeSeconds}, then may serve the stale copy for up to {@code
 * staleWhileRevalidateSeconds} more while they fetch the new one in the background, so a model
 * change never makes a visitor wait.
 */
public record CacheControl(int maxAgeSeconds, int staleWhileRevalidateSeconds) {

  public static final CacheControl DEFAULT = new CacheControl(300, 3600);

  public CacheControl {
    if (maxAgeSeconds < 0 || staleWhileRevalidateSeconds < 0) {
      throw new IllegalArgumentException("cache durations must not be negative");
    }
  }

  public String header() {
    return "public, max-age="
        + maxAgeSeconds
        + ", stale-while-revalidate="
        + staleWhileRevalidateSeconds;
  }
}
