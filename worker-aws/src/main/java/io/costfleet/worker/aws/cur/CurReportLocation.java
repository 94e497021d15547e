package io.costfleet.worker.aws.cur;

import java.util.Objects;

/**
 * Where one payer account's CUR is delivered: bucket, prefix and report (or export) name. The two
 * delivery layouts are found under the same location:
 *
 * <pre>
 * legacy CUR    PREFIX/NAME/yyyyMMdd-yyyyMMdd/NAME-Manifest.json                 (the period's latest)
 *               PREFIX/NAME/yyyyMMdd-yyyyMMdd/ASSEMBLY-ID/NAME-Manifest.json     (each delivery)
 *               PREFIX/NAME/yyyyMMdd-yyyyMMdd/ASSEMBLY-ID/NAME-1.csv.gz ...
 * Data Exports  PREFIX/NAME/metadata/BILLING_PERIOD=yyyy-MM/NAME-Manifest.json
 *               PREFIX/NAME/data/BILLING_PERIOD=yyyy-MM/[TIMESTAMP-EXECUTION-ID/]NAME-00001.csv.gz|.snappy.parquet
 * </pre>
 *
 * @param bucket the bucket
 * @param prefix the report prefix, without a trailing slash ("" for none)
 * @param name   the report (legacy) or export (Data Exports) name; empty when the layout starts at the prefix
 */
public record CurReportLocation(String bucket, String prefix, String name) {
  public CurReportLocation {
    Objects.requireNonNull(bucket, "bucket");
    prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    name = name == null ? "" : name.replaceAll("^/+|/+$", "");
  }

  /** {@code PREFIX/NAME/}, without the parts that are empty ({@code ""} for a report at the bucket's root). */
  public String base() {
    String p = prefix.isEmpty() ? "" : prefix + "/";
    return name.isEmpty() ? p : p + name + "/";
  }
}
