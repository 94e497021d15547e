package io.costfleet.worker.aws.ce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.ExtractionJob;
import io.costfleet.metrics.MetricNames;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
import io.costfleet.source.ThrottledException;
import io.costfleet.worker.aws.AwsErrorTranslator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.DimensionValues;
import software.amazon.awssdk.services.costexplorer.model.Expression;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;

/**
 * AWS Cost Explorer {@code GetCostAndUsage} as a {@link CostSource}: one call per page, the
 * {@code NextPageToken} as the cursor token, metrics UnblendedCost, AmortizedCost, NetAmortizedCost
 * and UsageQuantity over the job's window, grouped as configured. The raw page is the response body
 * as received. Every call is counted ({@code costfleet.api.calls}) and costed at $0.01
 * ({@code costfleet.api.cost.usd}: Cost Explorer bills each request). Pages with estimated results
 * carry {@code estimated=true} so the job reports them for a later re-sync.
 */
public final class CostExplorerSource implements CostSource<CeGroup>, AutoCloseable {
  public static final String API = "GetCostAndUsage";
  /** Scope of the rate-limit bucket: Cost Explorer's account-wide request rate. */
  public static final String SCOPE = "ce";
  static final List<String> METRICS = List.of("UnblendedCost", "AmortizedCost", "NetAmortizedCost", "UsageQuantity");
  private static final double COST_PER_REQUEST_USD = 0.01;

  private final CostExplorerClient client;
  private final ResponseCapture capture;
  private final CostExplorerSettings settings;
  private final CeResponseReader reader;
  private final CeNormalizer normalizer;
  private final MeterRegistry registry;

  CostExplorerSource(CostExplorerClient client, ResponseCapture capture, CostExplorerSettings settings,
      ObjectMapper json, MeterRegistry registry) {
    this.client = client;
    this.capture = capture;
    this.settings = settings;
    this.reader = new CeResponseReader(json);
    this.normalizer = new CeNormalizer(json);
    this.registry = registry;
  }

  @Override
  public String name() {
    return CeNormalizer.SOURCE;
  }

  @Override
  public String rateLimitScope(ExtractionJob job) {
    return SCOPE;
  }

  @Override
  public Page<CeGroup> fetch(ExtractionJob job, Cursor cursor) {
    GetCostAndUsageRequest.Builder request = GetCostAndUsageRequest.builder()
        .timePeriod(DateInterval.builder().start(job.window().start().toString()).end(job.window().end().toString())
            .build())
        .granularity(settings.granularity())
        .metrics(METRICS)
        .groupBy(settings.definitions())
        .nextPageToken(cursor.token());
    if (settings.filterLinkedAccount()) {
      request.filter(Expression.builder().dimensions(DimensionValues.builder().key(Dimension.LINKED_ACCOUNT)
          .values(job.accountId()).build()).build());
    }
    GetCostAndUsageResponse response;
    try {
      response = client.getCostAndUsage(request.build());
    } catch (RuntimeException e) {
      capture.take();
      RuntimeException typed = AwsErrorTranslator.translate(e);
      call(typed instanceof ThrottledException ? "throttled" : "error");
      throw e;
    }
    call("ok");
    byte[] body = capture.take();
    JsonNode tree = reader.parse(body);
    List<RawRecord<CeGroup>> groups = reader.groups(tree, cursor.page());
    boolean estimated = groups.stream().anyMatch(g -> g.value().estimated());
    String next = response.nextPageToken() == null || response.nextPageToken().isEmpty() ? null
        : response.nextPageToken();
    return new Page<>(groups, body, "json", next,
        estimated ? Map.of(ExtractionRunner.META_ESTIMATED, "true") : Map.of());
  }

  private void call(String outcome) {
    Counter.builder(MetricNames.API_CALLS).tag("provider", "aws").tag("api", API).tag("outcome", outcome)
        .register(registry).increment();
    Counter.builder(MetricNames.API_COST).tag("provider", "aws").tag("api", API).register(registry)
        .increment(COST_PER_REQUEST_USD);
  }

  @Override
  public Normalizer<CeGroup> normalizer() {
    return normalizer;
  }

  @Override
  public void close() {
    client.close();
  }
}
