package io.costfleet.worker.aws.cur;

import io.costfleet.job.Dataset;
import io.costfleet.job.Provider;
import io.costfleet.job.RestatementData;
import io.costfleet.runner.JobManifest;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.StagingLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Notices restatements: for every configured payer account and the last {@code periodsBack}
 * billing periods, compares the latest CUR delivery in S3 with the newest version staged (the
 * {@code sourceVersion} of the partition's complete {@code cur} jobs), and reports a period whose
 * delivery is newer as a {@code source.restated} event ({@link RestatementData}, version = the
 * delivery's). The dispatcher answers with a re-sync one generation further at priority 9; the
 * same version reported twice is re-synced once. A period with nothing staged yet is left to the
 * schedule.
 */
public final class CurRestatementWatcher {
  private final CurSource source;
  private final CurSettings settings;
  private final StagingLayout layout;
  private final Consumer<RestatementData> publisher;
  private final Clock clock;
  private final int periodsBack;

  public CurRestatementWatcher(CurSource source, CurSettings settings, StagingLayout layout,
      Consumer<RestatementData> publisher, Clock clock, int periodsBack) {
    this.source = source;
    this.settings = settings;
    this.layout = layout;
    this.publisher = publisher;
    this.clock = clock;
    this.periodsBack = periodsBack;
  }

  /** Checks every account and period once; returns (and publishes) the restatements found. */
  public List<RestatementData> checkOnce() {
    List<RestatementData> found = new ArrayList<>();
    YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    for (String account : settings.reports().keySet()) {
      for (int back = 0; back < periodsBack; back++) {
        YearMonth period = now.minusMonths(back);
        Optional<String> staged = stagedVersion(account, period);
        if (staged.isEmpty()) {
          continue;
        }
        List<CurDelivery> deliveries = source.deliveries(account, period);
        if (deliveries.isEmpty()) {
          continue;
        }
        String latest = deliveries.get(deliveries.size() - 1).version().text();
        if (latest.compareTo(staged.get()) > 0) {
          RestatementData r = new RestatementData(Provider.AWS, CurNormalizer.SOURCE, account, period, latest,
              "new CUR delivery " + latest + " (staged: " + staged.get() + ")");
          publisher.accept(r);
          found.add(r);
        }
      }
    }
    return found;
  }

  /** The newest delivery version among the complete CUR jobs staged for the account's period. */
  Optional<String> stagedVersion(String account, YearMonth period) {
    Optional<String> newest = Optional.empty();
    for (Dataset dataset : List.of(Dataset.USAGE, Dataset.AMORTIZED)) {
      try {
        for (JobManifest m : JobManifest.latestComplete(layout, new PartitionKey(Provider.AWS, period, account,
            dataset))) {
          if (CurNormalizer.SOURCE.equals(m.source()) && m.sourceVersion() != null
              && (newest.isEmpty() || m.sourceVersion().compareTo(newest.get()) > 0)) {
            newest = Optional.of(m.sourceVersion());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading the staged jobs of " + account + " " + period, e);
      }
    }
    return newest;
  }
}
