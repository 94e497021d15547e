package io.costfleet.staging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writes a file under a temporary name in its directory, forces it to disk, then renames it into place. */
public final class AtomicFiles {

  /** Writes the content of a file given its temporary path. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path temporary) throws IOException;
  }

  /** Writes to an output stream. */
  @FunctionalInterface
  public interface StreamWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Whether a path is a temporary file of this class (readers skip them). */
  public static boolean isTemporary(Path path) {
    return path.getFileName().toString().startsWith(".tmp-");
  }

  public static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
    try {
      writer.writeTo(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void writeStream(Path target, StreamWriter writer) throws IOException {
    write(target, tmp -> {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writer.writeTo(out);
      }
    });
  }

  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    writeStream(target, out -> out.write(bytes));
  }
}
