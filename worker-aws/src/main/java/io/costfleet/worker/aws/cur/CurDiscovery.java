package io.costfleet.worker.aws.cur;

import io.costfleet.source.MalformedPayloadException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the deliveries of a billing period through their manifests (legacy CUR and Data Exports
 * layouts, {@link CurReportLocation}). Every manifest of the period is read; manifests with the same
 * {@code assemblyId}/{@code executionId} are one delivery, whose version takes the S3 time of its
 * earliest manifest (the per-assembly copy of a legacy delivery is never rewritten; the top-level
 * one is overwritten by the next delivery), so a delivery keeps its version wherever it is seen.
 */
final class CurDiscovery {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final S3ReportStore store;

  CurDiscovery(S3ReportStore store) {
    this.store = store;
  }

  /** The period's deliveries, oldest version first. */
  List<CurDelivery> deliveries(CurReportLocation location, YearMonth period) {
    List<S3ObjectInfo> manifests = new ArrayList<>();
    for (String prefix : List.of(
        location.base() + period.atDay(1).format(DAY) + "-",
        location.base() + "metadata/BILLING_PERIOD=" + period + "/")) {
      for (S3ObjectInfo o : store.list(location.bucket(), prefix)) {
        if (o.key().endsWith("Manifest.json")) {
          manifests.add(o);
        }
      }
    }
    manifests.sort(Comparator.comparing(S3ObjectInfo::key));
    Map<String, Instant> firstSeen = new HashMap<>();
    Map<String, CurDelivery> byAssembly = new LinkedHashMap<>();
    Map<String, String> keyOf = new HashMap<>();
    for (S3ObjectInfo o : manifests) {
      CurManifest m = CurManifest.parse(store.bytes(location.bucket(), o.key()), o.key());
      if (!m.billingPeriod().equals(period)) {
        continue;
      }
      Instant at = o.lastModified() == null ? Instant.EPOCH : o.lastModified();
      firstSeen.merge(m.assemblyId(), at, (a, b) -> a.isBefore(b) ? a : b);
      // Prefer the per-delivery copy (deeper key) as the delivery's manifest: it never changes.
      String seen = keyOf.get(m.assemblyId());
      if (seen == null || o.key().split("/").length > seen.split("/").length) {
        keyOf.put(m.assemblyId(), o.key());
        byAssembly.put(m.assemblyId(), new CurDelivery(o.key(), m, null));
      }
    }
    List<CurDelivery> out = new ArrayList<>();
    byAssembly.forEach((id, d) -> out.add(new CurDelivery(d.manifestKey(), d.manifest(),
        new CurVersion(firstSeen.get(id), id))));
    out.sort(Comparator.comparing(CurDelivery::version));
    return out;
  }

  /** The period's latest delivery, if any. */
  Optional<CurDelivery> latest(CurReportLocation location, YearMonth period) {
    List<CurDelivery> all = deliveries(location, period);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The latest delivery of the period that lists {@code key}. */
  CurDelivery listing(CurReportLocation location, YearMonth period, String key) {
    List<CurDelivery> all = deliveries(location, period);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).manifest().reportKeys().contains(key)) {
        return all.get(i);
      }
    }
    throw new MalformedPayloadException("report file " + key + " is listed by no manifest of " + period
        + " under s3://" + location.bucket() + "/" + location.base());
  }
}
