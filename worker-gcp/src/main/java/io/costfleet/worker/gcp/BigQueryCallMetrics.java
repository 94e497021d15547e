package io.costfleet.worker.gcp;

import io.costfleet.metrics.MetricNames;
import io.costfleet.source.ThrottledException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the BigQuery calls of the export source ({@code costfleet.api.calls{provider=gcp, api,
 * outcome}}), {@code api} being {@code tables.get}, {@code jobs.insert}, {@code jobs.get} or
 * {@code jobs.getQueryResults} (which reads the rows with {@code tabledata.list}), {@code outcome}
 * {@code ok}, {@code throttled} or {@code error}.
 */
final class BigQueryCallMetrics {
  /** A BigQuery call. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws InterruptedException;
  }

  private final MeterRegistry registry;
  private final BigQueryErrorTranslator errors;

  BigQueryCallMetrics(MeterRegistry registry, BigQueryErrorTranslator errors) {
    this.registry = registry;
    this.errors = errors;
  }

  <T> T call(String api, Call<T> call) throws InterruptedException {
    try {
      T result = call.run();
      count(api, "ok");
      return result;
    } catch (RuntimeException e) {
      count(api, errors.apply(e) instanceof ThrottledException ? "throttled" : "error");
      throw e;
    }
  }

  private void count(String api, String outcome) {
    Counter.builder(MetricNames.API_CALLS).tag("provider", "gcp").tag("api", api).tag("outcome", outcome)
        .description("Google Cloud API calls").register(registry).increment();
  }
}
