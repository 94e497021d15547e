package io.costfleet.staging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Keeps raw provider pages gzip-compressed for audit. */
public final class RawArchive {
  private RawArchive() {}

  public static void write(Path target, byte[] payload) throws IOException {
    AtomicFiles.writeStream(target, out -> {
      try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
        gz.write(payload);
      }
    });
  }
}
