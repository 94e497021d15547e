package io.costfleet.runner;

import io.costfleet.job.ExtractionJob;
import io.costfleet.model.CostRecord;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
import io.costfleet.testing.Records;
import io.costfleet.validation.Violation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A source of {@code pages x perPage} records whose billed cost is {@code "<page>.<index>"}; the
 * page token is the page number as text. Records listed in {@code malformed} normalize to a
 * rejection; failures queued with {@link #failNext} are thrown by the next fetches.
 */
class FakeSource implements CostSource<String> {
  final int pages;
  final int perPage;
  final List<String> malformed = new ArrayList<>();
  final AtomicInteger fetches = new AtomicInteger();
  final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
  Map<String, String> metadata = Map.of();
  Runnable beforeFetch = () -> {};

  FakeSource(int pages, int perPage) {
    this.pages = pages;
    this.perPage = perPage;
  }

  FakeSource failNext(Supplier<RuntimeException> failure) {
    failures.add(failure);
    return this;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public String rateLimitScope(ExtractionJob job) {
    return "fake-api";
  }

  @Override
  public Page<String> fetch(ExtractionJob job, Cursor cursor) {
    fetches.incrementAndGet();
    beforeFetch.run();
    Supplier<RuntimeException> failure = failures.poll();
    if (failure != null) {
      throw failure.get();
    }
    int page = cursor.token() == null ? 1 : Integer.parseInt(cursor.token());
    List<RawRecord<String>> records = new ArrayList<>();
    for (int i = 1; i <= perPage; i++) {
      String value = page + "." + i;
      records.add(new RawRecord<>("page " + page + " record " + i, value));
    }
    return new Page<>(records, ("page " + page).getBytes(StandardCharsets.UTF_8), "json",
        page < pages ? Integer.toString(page + 1) : null, metadata);
  }

  /** Sum of every billed cost the source serves, malformed ones excluded. */
  BigDecimal expectedTotal() {
    BigDecimal sum = BigDecimal.ZERO;
    for (int p = 1; p <= pages; p++) {
      for (int i = 1; i <= perPage; i++) {
        String v = p + "." + i;
        if (!malformed.contains(v)) {
          sum = sum.add(new BigDecimal(v));
        }
      }
    }
    return sum;
  }

  @Override
  public Normalizer<String> normalizer() {
    return new Normalizer<>() {
      @Override
      public NormalizeResult normalize(RawRecord<String> raw, NormalizeContext context) {
        if (malformed.contains(raw.value())) {
          return new NormalizeResult.Rejected(List.of(new Violation("BilledCost", "Decimal", "is not a decimal",
              raw.value())));
        }
        CostRecord r = Records.valid().billedCost(new BigDecimal(raw.value())).resourceId("r-" + raw.value())
            .xSourcePosition(null).build();
        return new NormalizeResult.Accepted(List.of(r));
      }

      @Override
      public String rawText(String raw) {
        return "{\"value\":\"" + raw + "\"}";
      }
    };
  }
}
