package io.costfleet.dispatcher.enqueue;

import io.costfleet.dispatcher.period.PeriodStore.CloseArming;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to have one slot (provider, source, account, period, dataset; the whole period) extracted.
 *
 * @param trigger what asks ({@code daily}, {@code month-end}, {@code backfill}, {@code restatement})
 * @param version the restated data version ({@link EnqueueMode#RESTATE})
 * @param resync  {@link EnqueueMode#BACKFILL} only: extract again even if the slot's job is done
 */
public record SlotRequest(EnqueueMode mode, Provider provider, String source, String accountId, YearMonth period,
    Dataset dataset, int priority, String trigger, CloseArming arming, Optional<String> version, boolean resync,
    Instant requestedAt) {

  public SlotRequest {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(dataset, "dataset");
    Priority.check(priority);
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(arming, "arming");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(requestedAt, "requestedAt");
  }

  /** The job of this slot at {@code generation}, requested now. */
  public ExtractionJob job(int generation) {
    return ExtractionJob.of(provider, source, accountId, period, dataset, null, null, priority, generation,
        requestedAt);
  }
}
