package io.costfleet.dbtelemetry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit copy of one sample the runner archives as the job's raw page: its usage since the
 * previous sample and its storage, summed per scope, database, schema and role.
 */
public record SampleSummary(String endpoint, String engine, Instant sampledAt, Instant previousSampledAt, boolean reset,
    String file, List<Line> lines) {

  /** One (scope, database, schema, role) of the sample. */
  public record Line(String scope, String database, String schema, String role, long calls, long execMicros,
      long ioBlocks, long bytes) {}

  static SampleSummary of(Sample s, String file) {
    Map<List<String>, Line> byKey = new TreeMap<>((a, b) -> String.join("\u001f", a).compareTo(String.join("\u001f", b)));
    for (UsageRow r : s.rows()) {
      List<String> key = List.of(r.scope().name(), nz(r.database()), nz(r.schema()), nz(r.role()));
      Line add = new Line(r.scope().name(), r.database(), r.schema(), r.role(), r.delta().calls(),
          r.delta().execMicros(), r.delta().ioBlocks(), r.bytes());
      byKey.merge(key, add, (a, b) -> new Line(a.scope(), a.database(), a.schema(), a.role(), a.calls() + b.calls(),
          a.execMicros() + b.execMicros(), a.ioBlocks() + b.ioBlocks(), a.bytes() + b.bytes()));
    }
    return new SampleSummary(s.endpoint(), s.engine().code(), s.sampledAt(), s.previousSampledAt(), s.reset(), file,
        List.copyOf(byKey.values()));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
