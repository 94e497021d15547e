package io.costfleet.worker.aws.cur;

import io.costfleet.source.PoisonMessageException;

/**
 * Where a CUR job stands: the delivery it reads (pinned at its first page), the report file (index
 * in the delivery's file list; always 0 for a one-file job) and the data rows of it already read,
 * and the file's ETag (a resumed read must see the same bytes). Token:
 * {@code version|fileIndex|row|etag}.
 */
record CurCursor(String version, int fileIndex, long row, String etag) {

  String token() {
    return version + "|" + fileIndex + "|" + row + "|" + (etag == null ? "" : etag);
  }

  static CurCursor parse(String token) {
    String[] p = token.split("\\|", 4);
    if (p.length != 4) {
      throw new PoisonMessageException("not a CUR cursor: " + token);
    }
    try {
      return new CurCursor(p[0], Integer.parseInt(p[1]), Long.parseLong(p[2]), p[3].isEmpty() ? null : p[3]);
    } catch (NumberFormatException e) {
      throw new PoisonMessageException("not a CUR cursor: " + token, e);
    }
  }
}
