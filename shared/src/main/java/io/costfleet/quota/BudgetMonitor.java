package io.costfleet.quota;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.degrade.Freshness;
import io.costfleet.job.CloudEvent;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks every budget's thresholds against the period's spend and announces each crossing once per
 * threshold and period: a {@code io.costfleet.budget.breached} CloudEvent ({@link BudgetBreach} data,
 * deterministic id), guarded by a {@link BreachGuard} so repeated syncs and several dispatcher
 * replicas announce it exactly once. Crossings are judged on the plain figures (actual, and actual +
 * mean-run-rate forecast), not on the conservative ones degraded quota answers use.
 */
public final class BudgetMonitor {
  public static final String EVENT_SOURCE = "/costfleet/dispatcher";

  /** Publishes an event; throws if it was not taken. */
  @FunctionalInterface
  public interface EventSink {
    void publish(CloudEvent event);
  }

  /** A breach announced by one evaluation. */
  public record Announced(Budget budget, Threshold threshold, CloudEvent event) {}

  /** What one evaluation announced, and the breaches it could not announce (retried by the next). */
  public record Evaluation(List<Announced> announced, List<String> failures) {
    public Evaluation {
      announced = List.copyOf(announced);
      failures = List.copyOf(failures);
    }
  }

  private final BudgetBook book;
  private final int forecastWindowDays;
  private final BreachGuard guard;
  private final EventSink sink;
  private final ObjectMapper mapper;
  private final Clock clock;

  public BudgetMonitor(BudgetBook book, int forecastWindowDays, BreachGuard guard, EventSink sink, ObjectMapper mapper,
      Clock clock) {
    this.book = Objects.requireNonNull(book, "book");
    this.forecastWindowDays = forecastWindowDays;
    this.guard = Objects.requireNonNull(guard, "guard");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Every budget's standing in the view's period, as of today. */
  public List<BudgetStatus> status(SpendView view) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<BudgetStatus> out = new ArrayList<>();
    for (Budget b : book.all()) {
      Projection p = Projection.of(view.daily(b.scope(), b.name()), view.period(), today,
          view.dataThrough().orElse(null), forecastWindowDays, false);
      List<BudgetStatus.ThresholdStatus> ts = new ArrayList<>();
      for (Threshold t : b.thresholds()) {
        var amount = t.of(b.amount());
        var value = t.kind() == Threshold.Kind.ACTUAL ? p.actual() : p.projected();
        ts.add(new BudgetStatus.ThresholdStatus(t, amount, value, value.compareTo(amount) >= 0));
      }
      out.add(new BudgetStatus(b, view.period(), p, ts));
    }
    return out;
  }

  /**
   * Announces every crossed threshold not announced yet. A publication that fails releases its claim and
   * is reported in {@link Evaluation#failures()}; the evaluation goes on with the others.
   *
   * @throws io.costfleet.redis.CoordinationUnavailableException when the guard cannot be reached
   */
  public Evaluation evaluate(SpendView view, Freshness freshness) {
    List<Announced> out = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (BudgetStatus s : status(view)) {
      for (BudgetStatus.ThresholdStatus t : s.thresholds()) {
        if (!t.crossed()) {
          continue;
        }
        Budget b = s.budget();
        String id = BudgetBreach.eventId(view.period().toString(), b.scope(), b.name(), t.threshold());
        Optional<String> token = guard.claim(id);
        if (token.isEmpty()) {
          continue;
        }
        BudgetBreach data = new BudgetBreach(b.scope().code(), b.name(), view.period().toString(),
            t.threshold().kind().code(), t.threshold().percent(), b.amount(), t.amount(), t.value(),
            s.projection().actual(), s.projection().forecast(), view.currency().orElse(book.currency()),
            freshness.degraded(), freshness.asOf(), clock.instant());
        CloudEvent event = CloudEvent.withId(id, EVENT_SOURCE, CloudEvent.BUDGET_BREACHED,
            b.scope().code() + "/" + b.name(), mapper.valueToTree(data));
        try {
          sink.publish(event);
        } catch (RuntimeException e) {
          guard.release(id, token.get());
          failures.add(id + ": " + e.getMessage());
          continue;
        }
        guard.confirm(id, token.get());
        out.add(new Announced(b, t.threshold(), event));
      }
    }
    return new Evaluation(out, failures);
  }
}
