package io.costfleet.dispatcher.enqueue;

import io.costfleet.job.Dataset;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An operator backfill: every configured account (or the named ones) of the providers, for every period of
 * {@code from..to} (inclusive), at {@code priority}. Empty {@code sources}/{@code datasets} mean all configured.
 *
 * @param resync extract again slots whose job is already done (as a new generation)
 * @param close  ask for the period close when the jobs are done; default: for finished periods only
 */
public record BackfillSpec(Set<Provider> providers, Set<String> accounts, YearMonth from, YearMonth to, int priority,
    Set<String> sources, Set<Dataset> datasets, boolean resync, Optional<Boolean> close) {

  /** Longest range one backfill may ask for. */
  public static final int MAX_PERIODS = 60;

  public BackfillSpec {
    providers = Set.copyOf(Objects.requireNonNull(providers, "providers"));
    accounts = Set.copyOf(Objects.requireNonNull(accounts, "accounts"));
    sources = Set.copyOf(Objects.requireNonNull(sources, "sources"));
    datasets = Set.copyOf(Objects.requireNonNull(datasets, "datasets"));
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(close, "close");
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("name at least one provider");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("'to' " + to + " is before 'from' " + from);
    }
    if (from.plusMonths(MAX_PERIODS).isBefore(to.plusMonths(1))) {
      throw new IllegalArgumentException("a backfill covers at most " + MAX_PERIODS + " periods");
    }
    Priority.check(priority);
  }
}
