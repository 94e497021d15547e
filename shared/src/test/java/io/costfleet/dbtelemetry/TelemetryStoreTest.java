package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryStoreTest {
  @TempDir
  Path root;

  @Test
  void aSampleRoundTripsThroughParquet() throws Exception {
    TelemetryStore store = new TelemetryStore(root);
    Sample s = new Sample("orders", DbEngine.POSTGRESQL, Instant.parse("2026-11-05T10:15:00.123Z"),
        Instant.parse("2026-11-05T10:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"), "2026-11-01 00:00:01+00", true,
        List.of(new UsageRow(Scope.STATEMENTS, "1:10:-42:t", "app", null, "alice", null,
                new Counters(10, 2000, 3, 4, 5), 0, new Counters(1, 2, 3, 4, 5)),
            UsageRow.storage("app", "public", 123_456_789_012L)));

    Path file = store.write(s);

    assertThat(file).isEqualTo(root.resolve(
        "telemetry/endpoint=orders/billing_period=2026-11/sample-20261105T101500123Z.parquet"));
    Sample back = store.read(file);
    assertThat(back.endpoint()).isEqualTo("orders");
    assertThat(back.sampledAt()).isEqualTo(s.sampledAt());
    assertThat(back.previousSampledAt()).isEqualTo(s.previousSampledAt());
    assertThat(back.serverStartedAt()).isEqualTo(s.serverStartedAt());
    assertThat(back.statsEpoch()).isEqualTo(s.statsEpoch());
    assertThat(back.reset()).isTrue();
    assertThat(back.rows()).containsExactlyInAnyOrderElementsOf(s.rows());
    assertThat(Files.list(file.getParent()).count()).as("no temporary file left").isEqualTo(1);
  }

  @Test
  void theLatestSampleIsFoundAcrossPeriodsAndAnEmptySampleKeepsItsTime() throws Exception {
    TelemetryStore store = new TelemetryStore(root);
    assertThat(store.latest("orders")).isEmpty();
    Instant oct = Instant.parse("2026-10-31T23:50:00Z");
    Instant nov = Instant.parse("2026-11-01T00:05:00Z");
    store.write(new Sample("orders", DbEngine.MYSQL, oct, null, oct.minusSeconds(3600), null, false, List.of()));
    store.write(new Sample("orders", DbEngine.MYSQL, nov, oct, oct.minusSeconds(3600), null, false, List.of()));

    Optional<Sample> latest = store.latest("orders");

    assertThat(latest).map(Sample::sampledAt).contains(nov);
    assertThat(latest.get().rows()).isEmpty();
    assertThat(store.files("orders", YearMonth.of(2026, 10))).hasSize(1);
  }
}
