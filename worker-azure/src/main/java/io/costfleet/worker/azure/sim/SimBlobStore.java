package io.costfleet.worker.azure.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The simulator's storage account: containers of immutable blobs, in memory. */
final class SimBlobStore {
  /** One blob. */
  record Blob(String name, byte[] content, String contentType, Instant lastModified, String etag) {}

  private final Map<String, TreeMap<String, Blob>> containers = new ConcurrentHashMap<>();

  void put(String container, String name, byte[] content, String contentType, Instant lastModified) {
    String etag = "\"0x" + Long.toHexString(lastModified.toEpochMilli()) + Integer.toHexString(name.hashCode()) + "\"";
    TreeMap<String, Blob> c = containers.computeIfAbsent(container, k -> new TreeMap<>());
    synchronized (c) {
      c.put(name, new Blob(name, content, contentType, lastModified, etag));
    }
  }

  Blob get(String container, String name) {
    TreeMap<String, Blob> c = containers.get(container);
    if (c == null) {
      return null;
    }
    synchronized (c) {
      return c.get(name);
    }
  }

  boolean hasContainer(String container) {
    return containers.containsKey(container);
  }

  /** Blobs whose names start with {@code prefix}, in name order. */
  List<Blob> list(String container, String prefix) {
    TreeMap<String, Blob> c = containers.get(container);
    if (c == null) {
      return List.of();
    }
    synchronized (c) {
      return c.tailMap(prefix, true).values().stream().takeWhile(b -> b.name().startsWith(prefix)).toList();
    }
  }
}
