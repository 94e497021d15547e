package io.costfleet.worker.support;

import io.costfleet.source.CostSource;
import io.costfleet.source.PermanentException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The worker's {@link CostSource} beans by {@link CostSource#name()}, which jobs name in {@code source}. */
public final class SourceRegistry {
  private final Map<String, CostSource<?>> byName = new TreeMap<>();

  public SourceRegistry(List<CostSource<?>> sources) {
    for (CostSource<?> s : sources) {
      CostSource<?> previous = byName.put(s.name(), s);
      if (previous != null) {
        throw new IllegalStateException("two CostSource beans are named '" + s.name() + "': "
            + previous.getClass().getName() + " and " + s.getClass().getName());
      }
    }
  }

  /**
   * The source a job names.
   *
   * @throws PermanentException if this worker has no such source (the job is dead-lettered)
   */
  public CostSource<?> get(String name) {
    CostSource<?> s = byName.get(name);
    if (s == null) {
      throw new PermanentException("this worker has no source '" + name + "' (it has " + byName.keySet() + ")");
    }
    return s;
  }

  public java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(byName.keySet());
  }
}
