package io.costfleet.quota;

import io.costfleet.degrade.Freshness;
import io.costfleet.degrade.SpendSnapshot.UnitCost;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a proposed spend fits a cost center's budget for the period: month-to-date actual
 * + forecast ({@link Projection}) + the request's cost must not exceed the budget, and the same for
 * its business unit's budget when there is one. Pure: the data and its freshness are given.
 *
 * <p>When the data is degraded the decision is conservative:
 * <ul>
 *   <li>a quantity is priced at the highest unit cost known for the period, not the last-known one;
 *       an amount (valued at last-known prices) is scaled by highest / last-known unit cost of what it
 *       buys (of every service of the cost center when it names none);</li>
 *   <li>the forecast runs at the highest daily cost of the window instead of the mean;</li>
 *   <li>the request must fit in {@link QuotaPolicy#degradedBudgetFactor()} of each budget (the strict
 *       cap), and not cost more than {@link QuotaPolicy#degradedMaxRequest()} when that is set;</li>
 *   <li>without any last-good data at all, every request is denied (enforcement fails closed).</li>
 * </ul>
 */
public final class QuotaEngine {
  private static final BigDecimal ONE = BigDecimal.ONE;

  private final BudgetBook budgets;
  private final QuotaPolicy policy;

  public QuotaEngine(BudgetBook budgets, QuotaPolicy policy) {
    this.budgets = Objects.requireNonNull(budgets, "budgets");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public BudgetBook budgets() {
    return budgets;
  }

  public QuotaPolicy policy() {
    return policy;
  }

  /**
   * The decision, or empty when the cost center has no budget.
   *
   * @throws IllegalArgumentException when a quantity's service is priced in several units and none is named
   */
  public Optional<QuotaDecision> decide(String costCenter, QuotaRequest request, SpendView view, Freshness freshness,
      LocalDate today) {
    Optional<Budget> own = budgets.costCenter(costCenter);
    if (own.isEmpty()) {
      return Optional.empty();
    }
    boolean conservative = freshness.degraded();
    List<String> notes = new ArrayList<>();
    QuotaDecision.Pricing pricing = price(costCenter, request, view, conservative, notes);
    List<QuotaDecision.Check> checks = new ArrayList<>();
    checks.add(check(own.get(), view, today, conservative, pricing.cost()));
    String unit = own.get().businessUnit() != null ? own.get().businessUnit()
        : view.businessUnitOf(costCenter).orElse(null);
    budgets.businessUnit(unit).ifPresent(b -> checks.add(check(b, view, today, conservative, pricing.cost())));
    boolean allowed = pricing.cost() != null && checks.stream().allMatch(QuotaDecision.Check::allowed);
    if (conservative && policy.degradedMaxRequest() != null && pricing.cost() != null
        && pricing.cost().compareTo(policy.degradedMaxRequest()) > 0) {
      allowed = false;
      notes.add("degraded: a request may cost at most " + policy.degradedMaxRequest().toPlainString()
          + " (costfleet.quota.degraded.max-request); this one costs " + pricing.cost().toPlainString());
    }
    if (conservative && view.snapshots() == 0) {
      allowed = false;
      notes.add("degraded and no last-good data of " + view.period() + " at all: denied (enforcement fails closed)");
    }
    if (conservative) {
      notes.add("degraded: priced at the highest known unit cost, forecast at the peak daily cost, limited to "
          + policy.degradedBudgetFactor().toPlainString() + " of each budget");
    }
    for (QuotaDecision.Check c : checks) {
      if (!c.allowed()) {
        notes.add(c.scope().code() + " " + c.name() + ": projected " + c.projected().toPlainString() + " exceeds "
            + c.limit().toPlainString());
      }
    }
    return Optional.of(new QuotaDecision(costCenter, view.period(), view.currency().orElse(budgets.currency()), allowed,
        conservative, freshness, pricing, checks, notes));
  }

  private QuotaDecision.Check check(Budget budget, SpendView view, LocalDate today, boolean conservative,
      BigDecimal requestCost) {
    Projection p = Projection.of(view.daily(budget.scope(), budget.name()), view.period(), today,
        view.dataThrough().orElse(null), policy.forecastWindowDays(), conservative);
    BigDecimal limit = conservative ? budget.amount().multiply(policy.degradedBudgetFactor()) : budget.amount();
    BigDecimal cost = requestCost == null ? BigDecimal.ZERO : requestCost;
    BigDecimal projected = p.projected().add(cost);
    return new QuotaDecision.Check(budget.scope(), budget.name(), budget.amount(), limit, p, cost, projected,
        requestCost != null && projected.compareTo(limit) <= 0);
  }

  private static QuotaDecision.Pricing price(String costCenter, QuotaRequest request, SpendView view,
      boolean conservative, List<String> notes) {
    if (request instanceof QuotaRequest.Amount a) {
      List<UnitCost> prices = view.unitCosts(costCenter, a.service(), null);
      UnitCost steepest = prices.stream().filter(u -> u.lastKnown().signum() > 0)
          .max(Comparator.comparing(QuotaEngine::ratio)).orElse(null);
      if (!conservative) {
        return new QuotaDecision.Pricing("amount", a.amount(), a.service(), null,
            steepest == null ? null : steepest.lastKnown(), steepest == null ? null : steepest.highest(), ONE,
            a.amount());
      }
      if (steepest == null) {
        notes.add("degraded: no unit cost known for " + (a.service() == null ? "cost center " + costCenter
            : a.service()) + ": the amount is counted as given");
        return new QuotaDecision.Pricing("amount", a.amount(), a.service(), null, null, null, ONE, a.amount());
      }
      BigDecimal factor = ratio(steepest).max(ONE);
      return new QuotaDecision.Pricing("amount at the highest known unit cost", a.amount(), a.service(), null,
          steepest.lastKnown(), steepest.highest(), factor, a.amount().multiply(factor));
    }
    QuotaRequest.Usage u = (QuotaRequest.Usage) request;
    List<UnitCost> prices = view.unitCosts(costCenter, u.service(), u.unit());
    Set<String> units = new TreeSet<>();
    prices.forEach(p -> units.add(String.valueOf(p.unit())));
    if (u.unit() == null && units.size() > 1) {
      throw new IllegalArgumentException("service " + u.service() + " is priced in several units (" + String.join(", ",
          units) + "): say which with unit=");
    }
    if (prices.isEmpty()) {
      notes.add("no unit cost of " + u.service() + (u.unit() == null ? "" : " in " + u.unit())
          + " is known this period: the request cannot be priced");
      return new QuotaDecision.Pricing(conservative ? "highest known unit cost" : "last-known unit cost", u.quantity(),
          u.service(), u.unit(), null, null, null, null);
    }
    UnitCost last = prices.stream().max(Comparator.comparing(UnitCost::lastKnownDay)
        .thenComparing(UnitCost::lastKnown)).orElseThrow();
    BigDecimal highest = prices.stream().map(UnitCost::highest).max(Comparator.naturalOrder()).orElseThrow();
    BigDecimal unitCost = conservative ? highest : last.lastKnown();
    return new QuotaDecision.Pricing(conservative ? "highest known unit cost" : "last-known unit cost", u.quantity(),
        u.service(), last.unit(), last.lastKnown(), highest, null, u.quantity().multiply(unitCost));
  }

  private static BigDecimal ratio(UnitCost u) {
    return u.lastKnown().signum() <= 0 ? ONE
        : u.highest().divide(u.lastKnown(), Projection.RATE_SCALE, RoundingMode.HALF_UP);
  }
}
