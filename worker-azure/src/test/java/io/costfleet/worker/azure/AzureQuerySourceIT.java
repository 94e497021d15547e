package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.model.CostRecord;
import io.costfleet.ratelimit.InMemoryRateLimiter;
import io.costfleet.ratelimit.RateLimitConfig;
import io.costfleet.sim.FaultPlan;
import io.costfleet.sim.GroundTruth;
import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.Cursor;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import io.costfleet.validation.RecordValidator;
import io.costfleet.worker.azure.sim.AzureSimulator;
import io.costfleet.worker.azure.sim.SimRequestLog;
import io.costfleet.worker.azure.sim.SimulatorCredential;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The Query API source through the real Azure SDK pipeline (JDK HTTP client, HTTPS, bearer token) against the simulator. */
class AzureQuerySourceIT {
  static AzureSimulator sim;
  static RecordValidator validator;
  static HttpClient http;
  static final ErrorClassifier CLASSIFIER = AzureErrors.classifier();
  static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

  @BeforeAll
  static void start() throws Exception {
    AzureSimulator.Settings d = AzureSimulator.Settings.defaults();
    sim = AzureSimulator.start(new AzureSimulator.Settings(d.host(), 0, 7L, 1, YearMonth.of(2026, 9), 1, 400, 500, 0,
        600, d.storageAccount(), d.billingAccount()));
    validator = new RecordValidator();
    http = AzureClients.httpClient(sim.tls().clientContext(), Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    sim.close();
    validator.close();
  }

  private AzureQuerySource source(TokenCredential credential) {
    return source(credential, AzureAccounts.inferred());
  }

  private AzureQuerySource source(TokenCredential credential, AzureAccounts accounts) {
    var pipeline = AzureClients.managementPipeline(credential, URI.create(sim.baseUrl()),
        "https://management.azure.com/.default", http, "costfleet", REGISTRY);
    return new AzureQuerySource(new AzureQueryClient(pipeline, URI.create(sim.baseUrl()), "2023-03-01"),
        accounts, AzureQuerySource.Grouping.defaults(),
        new InMemoryRateLimiter(new RateLimitConfig(100, 100)), validator);
  }

  private static ExtractionJob job(Dataset dataset) {
    return ExtractionJob.of(Provider.AZURE, "query", sim.subscriptions().get(0), YearMonth.of(2026, 9), dataset, 5,
        Instant.now());
  }

  private static GroundTruth.Entry truth(ExtractionJob job) {
    return sim.queryTruth().entries().stream()
        .filter(e -> e.account().equals(job.accountId()) && e.period().equals(job.billingPeriod().toString())
            && e.dataset().equals(job.dataset().code()))
        .findFirst().orElseThrow();
  }

  private static Throwable typed(Runnable call) {
    return CLASSIFIER.typed(catchThrowable(call::run));
  }

  @Test
  void followsNextLinkPagesAndEqualsTheGroundTruthToTheCent() {
    for (Dataset dataset : List.of(Dataset.USAGE, Dataset.AMORTIZED)) {
      ExtractionJob job = job(dataset);
      AzureQuerySource source = source(new SimulatorCredential());
      Cursor cursor = Cursor.first();
      List<CostRecord> records = new ArrayList<>();
      int pages = 0;
      while (true) {
        Page<QueryRow> page = source.fetch(job, cursor);
        pages++;
        for (RawRecord<QueryRow> raw : page.records()) {
          NormalizeResult r = source.normalizer().normalize(raw, new NormalizeContext(job, "g0"));
          assertThat(r).as("%s", raw.position()).isInstanceOf(NormalizeResult.Accepted.class);
          records.addAll(((NormalizeResult.Accepted) r).records());
        }
        if (page.last()) {
          break;
        }
        assertThat(page.nextToken()).startsWith(sim.baseUrl()).contains("$skiptoken=");
        cursor = cursor.next(page.nextToken());
      }
      GroundTruth.Entry truth = truth(job);
      assertThat(records).hasSize((int) truth.records());
      assertThat(pages).isEqualTo((int) Math.ceil(truth.records() / 400.0));
      BigDecimal billed = records.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(billed).isEqualByComparingTo(truth.billedCost());
      assertThat(records.stream().map(CostRecord::xSourceRecordHash).distinct()).hasSize(records.size());
      CostRecord first = records.get(0);
      assertThat(first.chargePeriodStart()).hasToString("2026-09-01T00:00:00Z");
      assertThat(first.subAccountId()).isEqualTo(job.accountId());
      assertThat(first.billingPeriodStart()).hasToString("2026-09-01T00:00:00Z");
    }
    List<SimRequestLog.Entry> log = sim.requests().entries();
    assertThat(log).isNotEmpty().allSatisfy(e -> assertThat(e.clientType()).isEqualTo("costfleet"));
  }

  private static List<CostRecord> readAll(AzureQuerySource source, ExtractionJob job) {
    List<CostRecord> records = new ArrayList<>();
    Cursor cursor = Cursor.first();
    while (true) {
      Page<QueryRow> page = source.fetch(job, cursor);
      for (RawRecord<QueryRow> raw : page.records()) {
        NormalizeResult r = source.normalizer().normalize(raw, new NormalizeContext(job, "g0"));
        assertThat(r).as("%s", raw.position()).isInstanceOf(NormalizeResult.Accepted.class);
        records.addAll(((NormalizeResult.Accepted) r).records());
      }
      if (page.last()) {
        return records;
      }
      cursor = cursor.next(page.nextToken());
    }
  }

  @Test
  void billingAccountAndResourceGroupScopes() {
    String sub = sim.subscriptions().get(0);
    AzureAccounts accounts = new AzureAccounts(java.util.Map.of("team-data",
        AzureScope.parse("/subscriptions/" + sub + "/resourceGroups/rg-data", "ea-1", "Enrollment 1")));
    AzureQuerySource source = source(new SimulatorCredential(), accounts);

    ExtractionJob billing = ExtractionJob.of(Provider.AZURE, "query", sim.billingAccount(), YearMonth.of(2026, 9),
        Dataset.USAGE, 5, Instant.now());
    assertThat(source.rateLimitScope(billing)).isEqualTo("providers/Microsoft.Billing/billingAccounts/"
        + sim.billingAccount());
    List<CostRecord> all = readAll(source, billing);
    BigDecimal total = all.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    // One subscription in this simulator: the billing account's total is that subscription's.
    assertThat(total).isEqualByComparingTo(truth(job(Dataset.USAGE)).billedCost());
    assertThat(all).allSatisfy(r -> {
      assertThat(r.subAccountId()).isEqualTo(sub);
      assertThat(r.billingAccountId()).isEqualTo(sim.billingAccount());
    });

    ExtractionJob team = ExtractionJob.of(Provider.AZURE, "query", "team-data", YearMonth.of(2026, 9),
        Dataset.USAGE, 5, Instant.now());
    List<CostRecord> rg = readAll(source, team);
    // 30 days x 6 services, each grouped by resource id (the refund falls on an existing storage account day).
    assertThat(rg).hasSize(30 * 6).allSatisfy(r -> {
      assertThat(r.resourceId()).contains("/resourceGroups/rg-data/");
      assertThat(r.billingAccountId()).isEqualTo("ea-1");
      assertThat(r.subAccountId()).isEqualTo(sub);
    });
    assertThat(rg).anySatisfy(r -> assertThat(r.billedCost()).isNegative());
  }

  @Test
  void aThrottleBecomesAThrottledExceptionWithTheLongestRetryAfter() {
    ExtractionJob job = job(Dataset.USAGE);
    AzureQuerySource source = source(new SimulatorCredential());
    String scope = source.rateLimitScope(job);
    assertThat(scope).isEqualTo("subscriptions/" + job.accountId());
    sim.throttleNext(1, "qpu", 10, scope);
    Throwable t = typed(() -> source.fetch(job, Cursor.first()));
    assertThat(t).isInstanceOf(ThrottledException.class);
    assertThat(((ThrottledException) t).retryAfter()).contains(Duration.ofSeconds(10));
    assertThat(REGISTRY.get("costfleet.api.calls").tag("api", "query").tag("outcome", "throttled").counter().count())
        .isPositive();
    // The simulator holds the scope closed for the window, as Azure does.
    Throwable again = typed(() -> source.fetch(job, Cursor.first()));
    assertThat(again).isInstanceOf(ThrottledException.class);
    assertThat(sim.requests().entries()).anySatisfy(e -> assertThat(e.early()).isTrue());
    sim.server().faults().set(FaultPlan.none());
  }

  @Test
  void serverErrorsAreUnavailableAndABadTokenIsBadCredentials() {
    ExtractionJob job = job(Dataset.USAGE);
    ExtractionJob other = ExtractionJob.of(Provider.AZURE, "query", sim.billingAccount(), YearMonth.of(2026, 9),
        Dataset.USAGE, 5, Instant.now());
    AzureQuerySource source = source(new SimulatorCredential());
    sim.server().faults().set(FaultPlan.none().withErrorBurst(1));
    assertThat(typed(() -> source.fetch(other, Cursor.first()))).isInstanceOf(UnavailableException.class);
    sim.server().faults().set(FaultPlan.none().withOutage(true));
    assertThat(typed(() -> source.fetch(other, Cursor.first()))).isInstanceOf(UnavailableException.class);
    sim.server().faults().set(FaultPlan.none());

    TokenCredential wrong = request -> Mono.just(new AccessToken("not-the-token", OffsetDateTime.now().plusHours(1)));
    assertThat(typed(() -> source(wrong).fetch(job, Cursor.first()))).isInstanceOf(BadCredentialsException.class);
  }
}
