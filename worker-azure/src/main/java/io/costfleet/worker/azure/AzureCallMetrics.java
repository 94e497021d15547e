package io.costfleet.worker.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.costfleet.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Counts the Azure calls a worker makes ({@code costfleet.api.calls{provider=azure, api, outcome}}):
 * {@code ok}, {@code throttled} (429, or Storage's 503) or {@code error} (any other failure).
 */
final class AzureCallMetrics implements HttpPipelinePolicy {
  private final Counter ok;
  private final Counter throttled;
  private final Counter error;

  /** @param api {@code query} or {@code blob} */
  AzureCallMetrics(MeterRegistry registry, String api) {
    this.ok = counter(registry, api, "ok");
    this.throttled = counter(registry, api, "throttled");
    this.error = counter(registry, api, "error");
  }

  private static Counter counter(MeterRegistry registry, String api, String outcome) {
    return Counter.builder(MetricNames.API_CALLS).tag("provider", "azure").tag("api", api).tag("outcome", outcome)
        .description("Azure API calls").register(registry);
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    return next.process().doOnNext(this::count).doOnError(e -> error.increment());
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    try {
      HttpResponse response = next.processSync();
      count(response);
      return response;
    } catch (RuntimeException e) {
      error.increment();
      throw e;
    }
  }

  private void count(HttpResponse response) {
    int status = response.getStatusCode();
    if (status == 429 || status == 503 && "ServerBusy".equals(response.getHeaderValue("x-ms-error-code"))) {
      throttled.increment();
    } else if (status >= 400) {
      error.increment();
    } else {
      ok.increment();
    }
  }
}
