package io.costfleet.close;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.costfleet.staging.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * What a passed close read and wrote ({@code reports/<period>/close-summary.json}): staged and kept
 * records, duplicates dropped per source, job directories left out, totals per cost center, and the
 * files written. Paths are relative to the storage root.
 */
public record CloseSummary(String period, String rulesVersion, String baseCurrency, String reconciliation,
    long stagedRecords, long keptRecords, List<SourceDuplicates> duplicates, List<StagedInputs.Ignored> ignoredJobs,
    BigDecimal billedTotal, BigDecimal effectiveTotal, List<CostCenterTotal> costCenters, List<String> notes,
    List<String> chargebackFiles, List<String> reports) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  /** Records of one provider's source: staged, kept after deduplication, dropped as duplicates. */
  public record SourceDuplicates(String provider, String source, long staged, long kept, long dropped) {}

  /** The exact total of one cost center, in the base currency. */
  public record CostCenterTotal(String businessUnit, String costCenter, BigDecimal billedCost, BigDecimal effectiveCost) {}

  public long duplicatesDropped() {
    return stagedRecords - keptRecords;
  }

  void write(Path file) throws IOException {
    AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(this));
  }

  public static CloseSummary read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), CloseSummary.class);
  }
}
