package io.costfleet.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.model.CostRecord;
import io.costfleet.testing.Records;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRoundTripTest {
  @TempDir
  Path dir;

  private static List<CostRecord> records(int n) {
    List<CostRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Records.valid()
          .billedCost(new BigDecimal("0.0000000181").multiply(BigDecimal.valueOf(i + 1)))
          .effectiveCost(new BigDecimal("-3.5").add(BigDecimal.valueOf(i)))
          .resourceId("i-" + i)
          .xIsDegraded(i % 2 == 0)
          .tag("env", i % 3 == 0 ? "prod" : "dev")
          .build());
    }
    return out;
  }

  @Test
  void writesAndReadsBackEveryColumnExactly() throws Exception {
    List<CostRecord> in = records(50);
    Path file = dir.resolve("staging/page-000001.parquet");

    ParquetRecordWriter.writeAtomically(file, in, Map.of("costfleet.job", "j-1"));
    List<CostRecord> out = new ParquetRecordReader().readAll(file);

    assertThat(out).hasSize(50);
    for (int i = 0; i < in.size(); i++) {
      CostRecord a = in.get(i);
      CostRecord b = out.get(i);
      assertThat(b.billedCost()).isEqualByComparingTo(a.billedCost());
      assertThat(b.effectiveCost()).isEqualByComparingTo(a.effectiveCost());
      assertThat(b.toBuilder().billedCost(a.billedCost()).effectiveCost(a.effectiveCost()).listCost(a.listCost())
          .contractedCost(a.contractedCost()).pricingQuantity(a.pricingQuantity()).build()).isEqualTo(a);
    }
    try (var files = Files.list(file.getParent())) {
      assertThat(files.filter(AtomicFiles::isTemporary)).as("no temporary file left").isEmpty();
    }
  }

  @Test
  void sameRecordsGiveByteIdenticalFiles() throws Exception {
    List<CostRecord> in = records(20);
    Path a = dir.resolve("a.parquet");
    Path b = dir.resolve("b.parquet");
    ParquetRecordWriter.writeAtomically(a, in, Map.of());
    ParquetRecordWriter.writeAtomically(b, in, Map.of());
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
  }

  @Test
  void layoutFollowsTheDesign() {
    StagingLayout layout = new StagingLayout(dir);
    PartitionKey p = new PartitionKey(io.costfleet.job.Provider.AZURE, java.time.YearMonth.of(2026, 10),
        "sub/with:odd=chars", io.costfleet.job.Dataset.AMORTIZED);
    assertThat(dir.relativize(layout.stagingPage(p, "azure-1", 7)).toString())
        .isEqualTo("staging/provider=azure/billing_period=2026-10/account=sub%2Fwith%3Aodd%3Dchars/dataset=amortized/job=azure-1/page-000007.parquet");
  }
}
