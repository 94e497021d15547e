package io.costfleet.dbtelemetry;

import io.costfleet.model.CostRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which {@link Component} of a database bill a line item is, from its usage type
 * ({@code x_UsageType}: CUR {@code lineItem/UsageType}, Azure {@code UsageType}) and, when that says
 * nothing, its {@code ChargeDescription} (Cloud SQL SKU descriptions). Patterns are tried in order
 * I/O, storage, compute (so {@code Aurora:StorageIOUsage} is I/O), case-insensitively, as "contains".
 * A line item none matches (data transfer, for one) is split by the blend of all three.
 */
public final class UsageTypeClassifier {
  /** Defaults for RDS, Aurora, Cloud SQL and Azure Database usage types. */
  public static final Map<Component, List<String>> DEFAULT_PATTERNS = defaultPatterns();

  private final Map<Component, List<Pattern>> patterns;

  public UsageTypeClassifier(Map<Component, List<String>> patterns) {
    Map<Component, List<Pattern>> compiled = new LinkedHashMap<>();
    for (Component c : List.of(Component.IO, Component.STORAGE, Component.COMPUTE)) {
      List<Pattern> list = new ArrayList<>();
      for (String p : patterns.getOrDefault(c, List.of())) {
        list.add(Pattern.compile(p, Pattern.CASE_INSENSITIVE));
      }
      compiled.put(c, List.copyOf(list));
    }
    this.patterns = compiled;
  }

  public static UsageTypeClassifier defaults() {
    return new UsageTypeClassifier(DEFAULT_PATTERNS);
  }

  public Optional<Component> classify(CostRecord lineItem) {
    Optional<Component> byUsageType = classify(lineItem.xUsageType());
    return byUsageType.isPresent() ? byUsageType : classify(lineItem.chargeDescription());
  }

  public Optional<Component> classify(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    for (Map.Entry<Component, List<Pattern>> e : patterns.entrySet()) {
      for (Pattern p : e.getValue()) {
        if (p.matcher(text).find()) {
          return Optional.of(e.getKey());
        }
      }
    }
    return Optional.empty();
  }

  private static Map<Component, List<String>> defaultPatterns() {
    Map<Component, List<String>> m = new LinkedHashMap<>();
    m.put(Component.IO, List.of("StorageIOUsage", "IOUsage", "PIOPS", "IOPS", "IO-Requests", "I/O request",
        "IORequests", "Throughput"));
    m.put(Component.STORAGE, List.of("Storage", "Backup", "Snapshot", "GB-Mo", "Data Stored"));
    m.put(Component.COMPUTE, List.of("InstanceUsage", "Multi-AZUsage", "Serverless", "ACU", "vCore", "vCPU", "CPU",
        "RAM", "Memory", "Instance", "Compute"));
    return java.util.Collections.unmodifiableMap(m);
  }
}
