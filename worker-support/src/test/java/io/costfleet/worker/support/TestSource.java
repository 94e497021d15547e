package io.costfleet.worker.support;

import io.costfleet.job.ExtractionJob;
import io.costfleet.model.CostRecord;
import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
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
 * A source of {@value #PAGES} pages of {@value #PER_PAGE} records per job. Accounts steer failures:
 * {@code denied} fails with bad credentials, {@code flaky-N} fails its first N fetches with a 503,
 * {@code slow} takes {@link #slowPage} per page.
 */
final class TestSource implements CostSource<String> {
  static final int PAGES = 5;
  static final int PER_PAGE = 4;
  static Duration slowPage = Duration.ofMillis(300);

  final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "test";
  }

  @Override
  public String rateLimitScope(ExtractionJob job) {
    return "test-api";
  }

  @Override
  public Page<String> fetch(ExtractionJob job, Cursor cursor) {
    int n = fetches.computeIfAbsent(job.accountId(), a -> new AtomicInteger()).incrementAndGet();
    String account = job.accountId();
    if (account.equals("denied")) {
      throw new BadCredentialsException("AccessDeniedException: not authorized to perform ce:GetCostAndUsage", null);
    }
    if (account.startsWith("flaky-") && n <= Integer.parseInt(account.substring(6))) {
      throw new UnavailableException("HTTP 503 from the test provider", null);
    }
    if (account.equals("slow")) {
      try {
        Thread.sleep(slowPage.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted", e);
      }
    }
    int page = cursor.page();
    List<RawRecord<String>> records = new ArrayList<>();
    for (int i = 1; i <= PER_PAGE; i++) {
      records.add(new RawRecord<>("page " + page + " record " + i, page + "." + i));
    }
    return new Page<>(records, ("page " + page).getBytes(), "json", page < PAGES ? "t" + (page + 1) : null, Map.of());
  }

  /** Sum of the billed costs of one job. */
  static BigDecimal jobTotal() {
    BigDecimal sum = BigDecimal.ZERO;
    for (int p = 1; p <= PAGES; p++) {
      for (int i = 1; i <= PER_PAGE; i++) {
        sum = sum.add(new BigDecimal(p + "." + i));
      }
    }
    return sum;
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
