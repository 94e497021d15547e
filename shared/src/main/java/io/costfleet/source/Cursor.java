package io.costfleet.source;

/**
 * Where a job stands in its source: the provider's token for the next page ({@code null} for the
 * first page) and the number of the next page (1-based), which names the staging file.
 */
public record Cursor(String token, int page) {
  public Cursor {
    if (page < 1) {
      throw new IllegalArgumentException("page numbers start at 1, was " + page);
    }
  }

  public static Cursor first() {
    return new Cursor(null, 1);
  }

  public Cursor next(String nextToken) {
    return new Cursor(nextToken, page + 1);
  }
}
