package io.costfleet.worker.azure;

import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvRow;
import java.util.EnumMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The export source's normalizer: each row carries its file's header, which picks the file's
 * normalizer (an Azure header set or FOCUS, built once per file), and the job's dataset picks
 * actual or amortized semantics. Files whose header cannot be normalized are refused when the
 * source opens them, before any row gets here.
 */
final class AzureCostExportNormalizer implements Normalizer<CsvRow> {
  private final AzureExportNormalizers normalizers;
  /** Per file header (by identity, released with the file's reader), per metric. */
  private final Map<CsvHeader, Map<CostMetric, Normalizer<CsvRow>>> byFile = new WeakHashMap<>();

  AzureCostExportNormalizer(AzureExportNormalizers normalizers) {
    this.normalizers = normalizers;
  }

  @Override
  public NormalizeResult normalize(RawRecord<CsvRow> raw, NormalizeContext context) {
    CostMetric metric = context == null || context.job() == null
        ? CostMetric.ACTUAL_COST : CostMetric.of(context.job().dataset());
    return normalizer(raw.value().header(), metric, raw.value().file()).normalize(raw, context);
  }

  /** The normalizer of a file (checking its header: {@link io.costfleet.source.SchemaException} if unusable). */
  Normalizer<CsvRow> normalizer(CsvHeader header, CostMetric metric, String file) {
    synchronized (byFile) {
      Map<CostMetric, Normalizer<CsvRow>> perMetric = byFile.computeIfAbsent(header,
          h -> new EnumMap<>(CostMetric.class));
      Normalizer<CsvRow> n = perMetric.get(metric);
      if (n == null) {
        n = normalizers.forHeader(header, metric, file);
        perMetric.put(metric, n);
      }
      return n;
    }
  }

  @Override
  public String rawText(CsvRow raw) {
    return raw.toCsvLine();
  }
}
