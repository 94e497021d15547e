package io.costfleet.worker.azure.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every data request the simulator answered, in arrival order (served at
 * {@code GET /_sim/azure/requests}, cleared by {@code POST /_sim/azure/requests/clear}).
 */
public final class SimRequestLog {
  /**
   * One request.
   *
   * @param at          when it arrived
   * @param api         {@code query} or {@code blob}
   * @param method      HTTP method
   * @param path        request path (no query string)
   * @param scope       the Cost Management scope or storage container it addressed
   * @param status      the status answered
   * @param early       it arrived while its scope was still inside a throttling window the simulator had announced
   * @param clientType  its {@code ClientType} header
   */
  public record Entry(Instant at, String api, String method, String path, String scope, int status, boolean early,
      String clientType) {}

  private final List<Entry> entries = new ArrayList<>();

  synchronized void add(Entry e) {
    entries.add(e);
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  public synchronized void clear() {
    entries.clear();
  }
}
