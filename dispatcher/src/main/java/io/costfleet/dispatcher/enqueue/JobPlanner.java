package io.costfleet.dispatcher.enqueue;

import io.costfleet.dispatcher.config.FleetCatalog;
import io.costfleet.dispatcher.config.FleetCatalog.Account;
import io.costfleet.dispatcher.period.PeriodStore.CloseArming;
import io.costfleet.job.Dataset;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import io.costfleet.job.RestatementData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Turns a trigger into the slot requests it implies, from the configured catalog. Pure. */
public final class JobPlanner {
  public static final String DAILY = "daily";
  public static final String MONTH_END = "month-end";
  public static final String BACKFILL = "backfill";
  public static final String RESTATEMENT = "restatement";

  private final FleetCatalog catalog;
  private final int previousPeriodDays;

  public JobPlanner(FleetCatalog catalog, int previousPeriodDays) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.previousPeriodDays = previousPeriodDays;
  }

  /**
   * Daily sync (priority 5) of the current period and, on days 1..{@code previousPeriodDays}, of the previous one
   * (bills change for days after a period ends; a previous period already closed is closed again afterwards).
   */
  public List<SlotRequest> daily(LocalDate today, Instant now) {
    List<SlotRequest> out = new ArrayList<>();
    YearMonth current = YearMonth.from(today);
    if (today.getDayOfMonth() <= previousPeriodDays) {
      forEverySlot(current.minusMonths(1), EnqueueMode.SYNC, Priority.DAILY, DAILY, CloseArming.REARM_IF_CLOSED,
          now, out);
    }
    forEverySlot(current, EnqueueMode.SYNC, Priority.DAILY, DAILY, CloseArming.KEEP, now, out);
    return out;
  }

  /** Month-end close jobs (priority 9) of the finished period; the period closes once they are all done. */
  public List<SlotRequest> monthEnd(LocalDate today, Instant now) {
    List<SlotRequest> out = new ArrayList<>();
    forEverySlot(YearMonth.from(today).minusMonths(1), EnqueueMode.FINAL, Priority.MONTH_END, MONTH_END,
        CloseArming.ARM, now, out);
    return out;
  }

  /**
   * @throws IllegalArgumentException naming what the request asks for that is not configured, or a future period
   */
  public List<SlotRequest> backfill(BackfillSpec spec, LocalDate today, Instant now) {
    YearMonth current = YearMonth.from(today);
    if (spec.to().isAfter(current)) {
      throw new IllegalArgumentException("period " + spec.to() + " has not started yet");
    }
    Set<String> unknownAccounts = new TreeSet<>(spec.accounts());
    Set<String> unknownSources = new TreeSet<>(spec.sources());
    List<SlotRequest> out = new ArrayList<>();
    for (Provider provider : new TreeSet<>(spec.providers())) {
      if (!catalog.providers().contains(provider)) {
        throw new IllegalArgumentException("provider " + provider.code() + " is not configured (or disabled)");
      }
      for (Account account : catalog.accounts(provider)) {
        if (!spec.accounts().isEmpty() && !spec.accounts().contains(account.id())) {
          continue;
        }
        unknownAccounts.remove(account.id());
        for (Map.Entry<String, List<Dataset>> source : account.sources().entrySet()) {
          if (!spec.sources().isEmpty() && !spec.sources().contains(source.getKey())) {
            continue;
          }
          unknownSources.remove(source.getKey());
          for (Dataset dataset : source.getValue()) {
            if (!spec.datasets().isEmpty() && !spec.datasets().contains(dataset)) {
              continue;
            }
            for (YearMonth p = spec.from(); !p.isAfter(spec.to()); p = p.plusMonths(1)) {
              boolean close = spec.close().orElse(p.isBefore(current));
              out.add(new SlotRequest(EnqueueMode.BACKFILL, provider, source.getKey(), account.id(), p, dataset,
                  spec.priority(), BACKFILL, close ? CloseArming.ARM : CloseArming.KEEP, Optional.empty(),
                  spec.resync(), now));
            }
          }
        }
      }
    }
    if (!unknownAccounts.isEmpty()) {
      throw new IllegalArgumentException("accounts not configured for " + names(spec.providers()) + ": "
          + unknownAccounts);
    }
    if (!unknownSources.isEmpty()) {
      throw new IllegalArgumentException("sources not configured for the chosen accounts: " + unknownSources);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the request selects no configured source and dataset");
    }
    return out;
  }

  /** Restatement re-sync (priority 9) of the slots a new data version affects. */
  public List<SlotRequest> restatement(RestatementData r, LocalDate today, Instant now) {
    if (!catalog.providers().contains(r.provider())) {
      throw new IllegalArgumentException("provider " + r.provider().code() + " is not configured (or disabled)");
    }
    if (r.billingPeriod().isAfter(YearMonth.from(today))) {
      throw new IllegalArgumentException("period " + r.billingPeriod() + " has not started yet");
    }
    if (r.accountId() != null && catalog.account(r.provider(), r.accountId()).isEmpty()) {
      throw new IllegalArgumentException("account " + r.accountId() + " is not configured for "
          + r.provider().code());
    }
    CloseArming arming = r.billingPeriod().isBefore(YearMonth.from(today)) ? CloseArming.ARM : CloseArming.KEEP;
    List<SlotRequest> out = new ArrayList<>();
    for (Account account : catalog.accounts(r.provider())) {
      if (r.accountId() != null && !r.accountId().equals(account.id())) {
        continue;
      }
      account.sources().forEach((source, datasets) -> {
        if (r.source() == null || r.source().equals(source)) {
          for (Dataset dataset : datasets) {
            out.add(new SlotRequest(EnqueueMode.RESTATE, r.provider(), source, account.id(), r.billingPeriod(),
                dataset, Priority.MONTH_END, RESTATEMENT, arming, Optional.ofNullable(r.version()), false, now));
          }
        }
      });
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("source " + r.source() + " is not configured for " + r.provider().code()
          + (r.accountId() == null ? "" : " account " + r.accountId()));
    }
    return out;
  }

  private void forEverySlot(YearMonth period, EnqueueMode mode, int priority, String trigger, CloseArming arming,
      Instant now, List<SlotRequest> out) {
    for (Account account : catalog.allAccounts()) {
      account.sources().forEach((source, datasets) -> {
        for (Dataset dataset : datasets) {
          out.add(new SlotRequest(mode, account.provider(), source, account.id(), period, dataset, priority, trigger,
              arming, Optional.empty(), false, now));
        }
      });
    }
  }

  private static String names(Set<Provider> providers) {
    return String.join(", ", providers.stream().map(Provider::code).sorted().toList());
  }

  /** Now, to the millisecond (the precision the tracker compares request times at). */
  public static Instant now(java.time.Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
