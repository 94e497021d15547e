package io.costfleet.worker.aws.sim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The objects the S3 simulator serves, by bucket and key: small ones held in memory (manifests),
 * large ones backed by files (samples, generated reports), never loaded whole. Thread-safe.
 */
public final class S3Objects {

  /** One stored object. */
  public record StoredObject(String bucket, String key, long size, Instant lastModified, String etag, Path file,
      byte[] bytes) {

    /** The object's bytes from {@code offset}, {@code length} of them. */
    public InputStream open(long offset, long length) throws IOException {
      if (bytes != null) {
        return new ByteArrayInputStream(bytes, (int) offset, (int) length);
      }
      SeekableByteChannel ch = Files.newByteChannel(file);
      ch.position(offset);
      return new BoundedStream(Channels.newInputStream(ch), length);
    }
  }

  private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentSkipListMap<>();

  private NavigableMap<String, StoredObject> bucket(String name) {
    return buckets.computeIfAbsent(name, b -> new ConcurrentSkipListMap<>());
  }

  public boolean hasBucket(String name) {
    return buckets.containsKey(name);
  }

  /** Stores bytes (manifests, small files). */
  public StoredObject put(String bucket, String key, byte[] bytes, Instant lastModified) {
    StoredObject o = new StoredObject(bucket, key, bytes.length, lastModified, md5(bytes), null, bytes.clone());
    bucket(bucket).put(key, o);
    return o;
  }

  /** Serves a file's content as an object (the file must not change while it is served). */
  public StoredObject putFile(String bucket, String key, Path file, Instant lastModified) throws IOException {
    long size = Files.size(file);
    String etag = "\"" + HexFormat.of().formatHex(sha(file.toAbsolutePath() + "|" + size + "|" + lastModified), 0, 16)
        + "\"";
    StoredObject o = new StoredObject(bucket, key, size, lastModified, etag, file, null);
    bucket(bucket).put(key, o);
    return o;
  }

  /** Serves every file under a directory, keyed by its relative path, with the file's modification time. */
  public void mount(String bucket, Path dir) throws IOException {
    bucket(bucket);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String key = dir.relativize(f).toString().replace('\\', '/');
        putFile(bucket, key, f, Files.getLastModifiedTime(f).toInstant());
      }
    }
  }

  public void delete(String bucket, String key) {
    bucket(bucket).remove(key);
  }

  public StoredObject get(String bucket, String key) {
    NavigableMap<String, StoredObject> b = buckets.get(bucket);
    return b == null ? null : b.get(key);
  }

  /** Objects whose key starts with {@code prefix}, after {@code startAfter} (exclusive), in key order. */
  public List<StoredObject> list(String bucket, String prefix, String startAfter, int max) {
    NavigableMap<String, StoredObject> b = buckets.get(bucket);
    List<StoredObject> out = new ArrayList<>();
    if (b == null) {
      return out;
    }
    String from = startAfter != null && startAfter.compareTo(prefix) >= 0 ? startAfter : prefix;
    boolean inclusive = startAfter == null || startAfter.compareTo(prefix) < 0;
    for (StoredObject o : b.tailMap(from, inclusive).values()) {
      if (!o.key().startsWith(prefix) || out.size() > max) {
        break;
      }
      out.add(o);
    }
    return out;
  }

  private static String md5(byte[] bytes) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** At most {@code remaining} bytes of a stream. */
  private static final class BoundedStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedStream(InputStream in, long remaining) {
      this.in = in;
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
    public int read(byte[] buf, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
