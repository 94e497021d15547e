package io.costfleet.worker.azure;

import com.azure.resourcemanager.costmanagement.models.ExportType;
import com.azure.resourcemanager.costmanagement.models.FunctionType;
import com.azure.resourcemanager.costmanagement.models.GranularityType;
import com.azure.resourcemanager.costmanagement.models.QueryAggregation;
import com.azure.resourcemanager.costmanagement.models.QueryColumnType;
import com.azure.resourcemanager.costmanagement.models.QueryDataset;
import com.azure.resourcemanager.costmanagement.models.QueryDefinition;
import com.azure.resourcemanager.costmanagement.models.QueryGrouping;
import com.azure.resourcemanager.costmanagement.models.QueryTimePeriod;
import com.azure.resourcemanager.costmanagement.models.TimeframeType;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.ratelimit.BackOffSignals;
import io.costfleet.ratelimit.RateLimiter;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.PermanentException;
import io.costfleet.validation.RecordValidator;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Cost Management Query API as a {@link CostSource}: one job is one scope's daily cost over the
 * job's window, {@code ActualCost} for {@code usage} jobs and {@code AmortizedCost} for
 * {@code amortized} jobs, grouped by up to two dimensions; pages of up to 1000 rows follow
 * {@code nextLink}, which is the job's cursor token.
 *
 * <p>Throttling: a 429 becomes a {@link io.costfleet.source.ThrottledException} carrying the
 * longest of {@code Retry-After} and the {@code x-ms-ratelimit-microsoft.costmanagement-*-retry-after}
 * headers, and the runner pauses the scope's bucket fleet-wide for that long; on success the
 * {@code -remaining} quotas tighten the bucket through {@link RateLimiter#observeRemaining}.
 * The rate-limit scope is the Cost Management scope path (throttling is per scope).
 */
public final class AzureQuerySource implements CostSource<QueryRow> {
  /** Grouping dimensions per scope kind; the API allows at most two. */
  public record Grouping(List<String> billingAccount, List<String> subscription, List<String> resourceGroup) {
    public static final int MAX = 2;

    public Grouping {
      billingAccount = check("billing-account", billingAccount);
      subscription = check("subscription", subscription);
      resourceGroup = check("resource-group", resourceGroup);
    }

    /** SubscriptionId+ServiceName, ResourceGroupName+ServiceName, ResourceId+ServiceName. */
    public static Grouping defaults() {
      return new Grouping(List.of("SubscriptionId", "ServiceName"), List.of("ResourceGroupName", "ServiceName"),
          List.of("ResourceId", "ServiceName"));
    }

    List<String> of(AzureScope.Kind kind) {
      return switch (kind) {
        case BILLING_ACCOUNT -> billingAccount;
        case SUBSCRIPTION -> subscription;
        case RESOURCE_GROUP -> resourceGroup;
      };
    }

    private static List<String> check(String key, List<String> dims) {
      List<String> d = dims == null ? List.of() : List.copyOf(dims);
      if (d.size() > MAX) {
        throw new IllegalArgumentException("costfleet.azure.query.grouping." + key + " has " + d.size()
            + " dimensions; the Query API allows at most " + MAX);
      }
      return d;
    }
  }

  private static final Duration DEFAULT_QUOTA_WINDOW = Duration.ofMinutes(1);

  private final AzureQueryClient client;
  private final AzureAccounts accounts;
  private final Grouping grouping;
  private final RateLimiter rateLimiter;
  private final AzureQueryNormalizer normalizer;

  public AzureQuerySource(AzureQueryClient client, AzureAccounts accounts, Grouping grouping, RateLimiter rateLimiter,
      RecordValidator validator) {
    this.client = client;
    this.accounts = accounts;
    this.grouping = grouping;
    this.rateLimiter = rateLimiter;
    this.normalizer = new AzureQueryNormalizer(accounts, validator);
  }

  @Override
  public String name() {
    return AzureQueryNormalizer.SOURCE;
  }

  @Override
  public String rateLimitScope(ExtractionJob job) {
    return scope(job).path();
  }

  @Override
  public Page<QueryRow> fetch(ExtractionJob job, Cursor cursor) {
    AzureScope scope = scope(job);
    QueryDefinition definition = definition(job, scope);
    String url = cursor.token() == null ? client.firstPageUrl(scope) : cursor.token();
    AzureQueryClient.Answer answer = client.post(url, definition);
    observeRemaining(scope, answer);
    if (answer.json() == null) {
      return new Page<>(List.of(), answer.body(), "json", null, Map.of());
    }
    QueryAnswer parsed = QueryAnswer.parse(answer.json(), "query:" + scope.path() + ":page-" + cursor.page());
    return new Page<>(parsed.records(), answer.body(), "json", parsed.nextLink(), Map.of());
  }

  private void observeRemaining(AzureScope scope, AzureQueryClient.Answer answer) {
    BackOffSignals.ofSingleValued(answer.headers().toMap()).tightest(DEFAULT_QUOTA_WINDOW).ifPresent(r ->
        rateLimiter.observeRemaining(Provider.AZURE.code(), scope.path(), r.calls(),
            r.window().orElse(DEFAULT_QUOTA_WINDOW)));
  }

  QueryDefinition definition(ExtractionJob job, AzureScope scope) {
    List<QueryGrouping> groups = new ArrayList<>();
    for (String dimension : grouping.of(scope.kind())) {
      if (dimension.regionMatches(true, 0, "tag:", 0, 4)) {
        groups.add(new QueryGrouping().withType(QueryColumnType.TAG_KEY).withName(dimension.substring(4)));
      } else {
        groups.add(new QueryGrouping().withType(QueryColumnType.DIMENSION).withName(dimension));
      }
    }
    QueryDataset dataset = new QueryDataset()
        .withGranularity(GranularityType.DAILY)
        .withAggregation(Map.of("totalCost", new QueryAggregation().withName("Cost").withFunction(FunctionType.SUM)))
        .withGrouping(groups);
    QueryTimePeriod period = new QueryTimePeriod()
        .withFrom(job.window().start().atStartOfDay().atOffset(ZoneOffset.UTC))
        .withTo(job.window().end().minusDays(1).atTime(LocalTime.of(23, 59, 59)).atOffset(ZoneOffset.UTC));
    return new QueryDefinition()
        .withType(ExportType.fromString(CostMetric.of(job.dataset()).wireName()))
        .withTimeframe(TimeframeType.CUSTOM)
        .withTimePeriod(period)
        .withDataset(dataset);
  }

  private AzureScope scope(ExtractionJob job) {
    try {
      return accounts.scope(job.accountId());
    } catch (IllegalArgumentException e) {
      throw new PermanentException("job " + job.jobId() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Normalizer<QueryRow> normalizer() {
    return normalizer;
  }
}
