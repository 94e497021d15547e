package io.costfleet.close.reconcile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.costfleet.staging.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code reports/<period>/reconciliation.json}: every comparison, the partitions to re-extract, and
 * staging problems found before comparing (a job whose files disagree with its completion marker).
 */
public record ReconciliationReport(String period, String status, BigDecimal tolerance, List<String> providerTotals,
    List<ReconciliationEntry> entries, List<String> partitionsToReextract, List<String> stagingProblems) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  public boolean passed() {
    return "passed".equals(status);
  }

  public void write(Path file) throws IOException {
    AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(this));
  }

  public static ReconciliationReport read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), ReconciliationReport.class);
  }
}
