package io.costfleet.worker.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.Violation;
import java.util.List;

/**
 * Normalizes rows of a flattened billing export CSV (dotted column names, repeated fields as Python
 * or JSON list literals, as koku and similar tools write them) through {@link GcpBillingNormalizer}.
 * A ragged row is rejected; quarantine keeps the CSV line as read.
 */
public final class GcpCsvNormalizer implements Normalizer<CsvRow> {
  private final GcpBillingNormalizer rows;

  public GcpCsvNormalizer(GcpBillingNormalizer rows) {
    this.rows = rows;
  }

  @Override
  public NormalizeResult normalize(RawRecord<CsvRow> raw, NormalizeContext context) {
    CsvRow row = raw.value();
    if (row.ragged()) {
      return NormalizeResult.reject(List.of(new Violation("record", "Ragged",
          "row has " + row.values().length + " fields, header has " + row.header().size(), null)));
    }
    return rows.normalize(new RawRecord<JsonNode>(raw.position(), GcpExportRows.fromCsv(row)), context);
  }

  @Override
  public String rawText(CsvRow raw) {
    return raw.toCsvLine();
  }
}
