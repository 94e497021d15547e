package io.costfleet.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FieldReaderTest {

  @Test
  void readsTheTimestampShapesExportsAndDatabasesWrite() {
    FieldReader f = new FieldReader();
    Instant expected = Instant.parse("2026-10-01T02:00:00Z");
    assertThat(f.instant("t", "2026-10-01T02:00:00Z")).isEqualTo(expected);
    assertThat(f.instant("t", "2026-10-01 02:00:00")).isEqualTo(expected);
    assertThat(f.instant("t", "2026-10-01 02:00:00+00:00")).isEqualTo(expected);
    assertThat(f.instant("t", "2026-10-01 02:00:00+0000")).isEqualTo(expected);
    assertThat(f.instant("t", "2026-10-01 04:00:00+02")).as("DuckDB / PostgreSQL text").isEqualTo(expected);
    assertThat(f.instant("t", "2026-10-01 02:00:00 UTC")).isEqualTo(expected);
    assertThat(f.violations()).isEmpty();
    assertThat(f.instant("t", "2026-10-01 02:00:00+2")).isNull();
    assertThat(f.violations()).hasSize(1);
  }
}
