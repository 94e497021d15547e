package io.costfleet.chart;

import io.costfleet.job.ExtractionJob;
import io.costfleet.model.CostRecord;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import io.costfleet.testing.Records;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@value #PAGES} pages of {@value #PER_PAGE} records per job, from API scope {@value #SCOPE}.
 * Accounts steer failures: {@code flaky} fails its first fetch with a 503 (the job is retried through
 * the delay queue), {@code throttled} is throttled once (retried in place).
 */
final class ChartTestSource implements CostSource<String> {
  static final int PAGES = 3;
  static final int PER_PAGE = 4;
  static final String SCOPE = "chart-api";

  private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "chart";
  }

  @Override
  public String rateLimitScope(ExtractionJob job) {
    return SCOPE;
  }

  @Override
  public Page<String> fetch(ExtractionJob job, Cursor cursor) {
    int n = fetches.computeIfAbsent(job.accountId(), a -> new AtomicInteger()).incrementAndGet();
    if (job.accountId().equals("flaky") && n == 1) {
      throw new UnavailableException("HTTP 503 from the chart test provider", null);
    }
    if (job.accountId().equals("throttled") && n == 1) {
      throw new ThrottledException(SCOPE, Duration.ofMillis(50), "HTTP 429 from the chart test provider", null);
    }
    int page = cursor.page();
    List<RawRecord<String>> records = new ArrayList<>();
    for (int i = 1; i <= PER_PAGE; i++) {
      records.add(new RawRecord<>(page + "." + i, page + "." + i));
    }
    return new Page<>(records, ("page " + page).getBytes(), "json", page < PAGES ? "p" + (page + 1) : null, Map.of());
  }

  @Override
  public Normalizer<String> normalizer() {
    return new Normalizer<>() {
      @Override
      public NormalizeResult normalize(RawRecord<String> raw, NormalizeContext context) {
        CostRecord r = Records.valid().billedCost(new BigDecimal(raw.value())).resourceId("r-" + raw.value())
            .billingAccountId(context.job().accountId()).build();
        return new NormalizeResult.Accepted(List.of(r));
      }

      @Override
      public String rawText(String raw) {
        return raw;
      }
    };
  }
}
