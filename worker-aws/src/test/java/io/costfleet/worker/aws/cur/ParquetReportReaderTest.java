package io.costfleet.worker.aws.cur;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.model.CostRecord;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.testing.Samples;
import io.costfleet.validation.RecordValidator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CUR 2.0 Parquet files (typed columns, map columns) read through DuckDB give what the CSV gives. */
class ParquetReportReaderTest {
  private static final RecordValidator VALIDATOR = new RecordValidator();
  private final CurNormalizer normalizer = new CurNormalizer(VALIDATOR, null);

  @TempDir
  Path dir;

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  /** Writes the keboola CUR 2.0 sample as Parquet with the types Data Exports uses (double, timestamp, map). */
  private Path typedParquet() throws Exception {
    Path csv = Samples.path("aws-cur/keboola/cur2/sample_billing_data_v2.csv");
    Path out = dir.resolve("MockTestReportV2-00001.snappy.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * REPLACE ("
          + "CAST(line_item_unblended_cost AS DOUBLE) AS line_item_unblended_cost, "
          + "CAST(line_item_usage_start_date AS TIMESTAMP) AS line_item_usage_start_date, "
          + "CAST(line_item_usage_end_date AS TIMESTAMP) AS line_item_usage_end_date), "
          + "MAP {'user_cost_center': 'cc-' || line_item_usage_account_id} AS resource_tags, "
          + "{'region': 'eu-central-1', 'product_name': product_product_name} AS product "
          + "FROM read_csv(" + ParquetRecordReader.literal(csv.toString()) + ", all_varchar = true)) TO "
          + ParquetRecordReader.literal(out.toString()) + " (FORMAT parquet, COMPRESSION snappy)");
    }
    return out;
  }

  @Test
  void typedCur2ParquetNormalizesLikeItsCsv() throws Exception {
    Path parquet = typedParquet();
    CurSamples.Outcome fromParquet = CurSamples.normalize(parquet, normalizer, "v");
    CurSamples.Outcome fromCsv = CurSamples.normalize(
        Samples.path("aws-cur/keboola/cur2/sample_billing_data_v2.csv"), normalizer, "v");
    // Expected: the same 4 rows and 0.108304 as the CSV (CurNormalizerSamplesTest).
    assertThat(fromParquet.totals()).containsExactly(Map.entry("Usage", "4/0.108304/0.108304"));
    assertThat(fromParquet.totals()).isEqualTo(fromCsv.totals());
    CostRecord r = fromParquet.accepted().get(0);
    assertThat(r.chargePeriodStart()).hasToString("2024-09-01T00:00:00Z");
    assertThat(r.tags()).containsExactly(Map.entry("cost_center", "cc-123456789012"));
    assertThat(r.regionId()).as("from the product map").isEqualTo("eu-central-1");
    assertThat(fromParquet.accepted()).extracting(CostRecord::xSourceRecordHash)
        .isEqualTo(fromCsv.accepted().stream().map(CostRecord::xSourceRecordHash).toList());
  }

  @Test
  void resumesAtARowOffset() throws Exception {
    Path parquet = typedParquet();
    try (CurReportReader reader = ParquetReportReader.open(parquet, "f.parquet", 2, false)) {
      assertThat(reader.rowsRead()).isEqualTo(2);
      CsvRow third = reader.next();
      assertThat(third.get("identity_line_item_id")).isEqualTo("c3d4e5f6a1b2");
      assertThat(third.line()).isEqualTo(4);
      assertThat(reader.next().get("identity_line_item_id")).isEqualTo("d4e5f6a1b2c3");
      assertThat(reader.next()).isNull();
      assertThat(reader.rowsRead()).isEqualTo(4);
    }
  }
}
