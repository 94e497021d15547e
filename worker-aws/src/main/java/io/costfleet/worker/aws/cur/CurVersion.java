package io.costfleet.worker.aws.cur;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The version of one CUR delivery, stamped on every record as {@code x_SourceVersion}:
 * {@code <delivered-at>_<assemblyId>}, e.g. {@code 20240402T131443.337Z_6b622448-daaa-…}. The
 * timestamp comes first and has a fixed width, so versions sort (as plain strings) in delivery
 * order: the later delivery of a period is the greater version. The delivery time is the S3
 * LastModified of the manifest that lists the files (a legacy {@code assemblyId} or a Data Exports
 * {@code executionId} alone does not order anything).
 *
 * @param deliveredAt when AWS wrote the manifest
 * @param assemblyId  the manifest's {@code assemblyId} or {@code executionId}
 */
public record CurVersion(Instant deliveredAt, String assemblyId) implements Comparable<CurVersion> {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  public CurVersion {
    Objects.requireNonNull(deliveredAt, "deliveredAt");
    Objects.requireNonNull(assemblyId, "assemblyId");
  }

  /** {@code yyyyMMddTHHmmss.SSSZ_assemblyId}. */
  public String text() {
    return STAMP.format(deliveredAt) + "_" + assemblyId;
  }

  /** Parses {@link #text()}. */
  public static CurVersion parse(String text) {
    int sep = text.indexOf('_');
    if (sep != 20) {
      throw new IllegalArgumentException("not a CUR version: " + text);
    }
    return new CurVersion(STAMP.parse(text.substring(0, sep), Instant::from), text.substring(sep + 1));
  }

  @Override
  public int compareTo(CurVersion o) {
    return text().compareTo(o.text());
  }

  @Override
  public String toString() {
    return text();
  }
}
