package io.costfleet.degrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.job.Provider;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

  static SpendSnapshot snapshot(String account, Instant asOf, String cost) {
    return new SpendSnapshot(Provider.AWS, account, YearMonth.of(2026, 10), asOf, LocalDate.parse("2026-10-03"), "USD",
        "tag cost_center", List.of("job-1"),
        List.of(new SpendSnapshot.DailySpend("cc-web", "digital", LocalDate.parse("2026-10-03"), new BigDecimal(cost))),
        List.of(new SpendSnapshot.UnitCost("cc-web", "Compute", "Hours", new BigDecimal("1.5000000000"),
            LocalDate.parse("2026-10-03"), new BigDecimal("2.5"), LocalDate.parse("2026-10-02"))));
  }

  @Test
  void roundTripsExactly() {
    SpendSnapshot s = snapshot("111", Instant.parse("2026-10-11T01:00:00Z"), "0.000000000000000001");
    String json = SnapshotCodec.encode(s);
    assertThat(json).contains("\"0.000000000000000001\"".replace("\"", "")).doesNotContain("E-18");
    assertThat(SnapshotCodec.decode(json)).isEqualTo(s);
  }
}
