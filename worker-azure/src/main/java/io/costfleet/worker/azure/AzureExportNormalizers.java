package io.costfleet.worker.azure;

import io.costfleet.focus.FocusCsvNormalizer;
import io.costfleet.source.Normalizer;
import io.costfleet.source.SchemaException;
import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.RecordValidator;
import java.util.Locale;

/** Picks the normalizer of an Azure export file from its header: FOCUS exports reuse the shared FOCUS normalizer. */
public final class AzureExportNormalizers {
  private final AzureExportOptions options;
  private final PricingUnits units;
  private final RecordValidator validator;

  public AzureExportNormalizers(AzureExportOptions options, PricingUnits units, RecordValidator validator) {
    this.options = options;
    this.units = units;
    this.validator = validator;
  }

  /**
   * The normalizer of a file.
   *
   * @param file   the file's name, for the error message
   * @throws SchemaException if the header lacks a cost, a date or a subscription/billing account
   */
  public Normalizer<CsvRow> forHeader(CsvHeader header, CostMetric metric, String file) {
    AzureExportSchema schema = AzureExportSchema.of(header);
    if (schema.headerSet() == AzureHeaderSet.FOCUS) {
      return new FocusCsvNormalizer(header, null, validator);
    }
    if (!schema.recognized()) {
      throw new SchemaException("Azure export " + file, schema.missingColumns());
    }
    return new AzureExportNormalizer(schema, metric, options, units, validator);
  }

  /** The metric of a local file, from its name: {@code AmortizedCost} files are amortized, others actual. */
  public static CostMetric metricOfFileName(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).contains("amortized") ? CostMetric.AMORTIZED_COST : CostMetric.ACTUAL_COST;
  }
}
