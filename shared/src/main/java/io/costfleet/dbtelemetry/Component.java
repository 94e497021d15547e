package io.costfleet.dbtelemetry;

import java.util.Locale;

/** The parts of a database bill, each split by its own measure. */
public enum Component {
  /** Instance hours, vCPU, memory, serverless capacity: split by statement execution time. */
  COMPUTE,
  /** Provisioned or used storage and backups: split by bytes held (time-weighted). */
  STORAGE,
  /** I/O requests and provisioned IOPS: split by blocks read, written and spilled to temp files. */
  IO;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Component of(String code) {
    for (Component c : values()) {
      if (c.code().equalsIgnoreCase(code.strip())) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown component '" + code + "' (known: compute, storage, io)");
  }
}
