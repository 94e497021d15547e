package io.costfleet.degrade;

import io.costfleet.job.Provider;
import io.costfleet.redis.CoordinationUnavailableException;
import io.costfleet.resilience.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides, per provider, whether answers built on its last-good data are degraded:
 *
 * <ul>
 *   <li>a circuit of one of its endpoints (the sources the fleet extracts from) is OPEN or HALF_OPEN in
 *       the fleet's shared breaker ({@code breaker:<provider>:<endpoint>}, written by the workers);</li>
 *   <li>its data is older than {@code staleAfter}: the oldest {@link SpendSnapshot#asOf()} of its
 *       accounts, i.e. the last time every account's extraction completed;</li>
 *   <li>an expected account has no snapshot of the period yet;</li>
 *   <li>Redis could not be read: the snapshots come from the local cache and the circuits are unknown.</li>
 * </ul>
 */
public final class DegradationDetector {

  /**
   * One provider's state.
   *
   * @param circuits  state per endpoint; absent when it could not be read
   * @param asOf      the oldest extraction time of its accounts' snapshots (null: none)
   * @param freshness its verdict
   */
  public record ProviderState(Provider provider, Map<String, CircuitBreaker.State> circuits, Instant asOf,
      Duration staleness, Freshness freshness) {

    /** The worst circuit state: OPEN over HALF_OPEN over CLOSED (CLOSED when none is known). */
    public CircuitBreaker.State worstCircuit() {
      return circuits.values().stream().max(Enum::compareTo).orElse(CircuitBreaker.State.CLOSED);
    }
  }

  /** What the fleet extracts: per provider, the endpoints (source names) and the accounts. */
  public record Fleet(Map<Provider, Set<String>> endpoints, Map<Provider, Set<String>> accounts) {
    public Fleet {
      endpoints = Map.copyOf(endpoints);
      accounts = Map.copyOf(accounts);
    }

    Set<Provider> providers() {
      Set<Provider> out = EnumSet.noneOf(Provider.class);
      out.addAll(endpoints.keySet());
      out.addAll(accounts.keySet());
      return out;
    }
  }

  private final CircuitBreaker breaker;
  private final Duration staleAfter;
  private final Clock clock;

  public DegradationDetector(CircuitBreaker breaker, Duration staleAfter, Clock clock) {
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException("the staleness limit must be positive, was " + staleAfter);
    }
  }

  public Duration staleAfter() {
    return staleAfter;
  }

  /** Every provider of the fleet or of the read, assessed now. */
  public Map<Provider, ProviderState> assess(LastGood.Read read, Fleet fleet) {
    Instant now = clock.instant();
    Set<Provider> providers = fleet.providers();
    read.snapshots().forEach(s -> providers.add(s.provider()));
    Map<Provider, ProviderState> out = new EnumMap<>(Provider.class);
    for (Provider p : providers) {
      List<String> reasons = new ArrayList<>();
      Map<String, CircuitBreaker.State> circuits = new TreeMap<>();
      if (read.store() == LastGood.Store.LOCAL) {
        reasons.add("Redis unreachable (" + read.redisFailure().orElse("no reason given")
            + "): answered from this dispatcher's local cache; " + p.code() + " circuit state unknown");
      } else {
        for (String endpoint : new TreeSet<>(fleet.endpoints().getOrDefault(p, Set.of()))) {
          try {
            CircuitBreaker.State state = breaker.state(p.code(), endpoint);
            circuits.put(endpoint, state);
            if (state == CircuitBreaker.State.OPEN) {
              reasons.add("circuit " + p.code() + ":" + endpoint + " is open: the fleet stopped calling it");
            } else if (state == CircuitBreaker.State.HALF_OPEN) {
              reasons.add("circuit " + p.code() + ":" + endpoint + " is half-open: waiting for its probe");
            }
          } catch (CoordinationUnavailableException e) {
            reasons.add("circuit " + p.code() + ":" + endpoint + " state unknown: " + e.getMessage());
          }
        }
      }
      Instant asOf = null;
      Set<String> seen = new TreeSet<>();
      for (SpendSnapshot s : read.snapshots()) {
        if (s.provider() == p) {
          seen.add(s.account());
          asOf = asOf == null || s.asOf().isBefore(asOf) ? s.asOf() : asOf;
        }
      }
      Set<String> missing = new TreeSet<>(fleet.accounts().getOrDefault(p, Set.of()));
      missing.removeAll(seen);
      if (!missing.isEmpty()) {
        reasons.add("no " + p.code() + " data of " + read.period() + " yet for account(s) " + String.join(", ", missing));
      }
      Duration staleness = asOf == null ? null : Duration.between(asOf, now);
      if (staleness != null && staleness.compareTo(staleAfter) > 0) {
        reasons.add(p.code() + " data is " + staleness.toSeconds() + " s old (stale after " + staleAfter.toSeconds()
            + " s)");
      }
      out.put(p, new ProviderState(p, circuits, asOf, staleness,
          new Freshness(!reasons.isEmpty(), asOf, staleness, reasons)));
    }
    return out;
  }

  /** The verdict over every provider. */
  public static Freshness overall(Map<Provider, ProviderState> states) {
    Freshness f = new Freshness(false, null, null, List.of());
    for (ProviderState s : states.values()) {
      f = f.and(s.freshness());
    }
    return f;
  }
}
