package io.costfleet.dispatcher.quota;

import io.costfleet.quota.Budget;
import io.costfleet.quota.BudgetBook;
import io.costfleet.quota.QuotaPolicy;
import io.costfleet.quota.Threshold;
import io.costfleet.quota.WebhookNotifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code costfleet.quota.*} and {@code costfleet.budgets.*} checked and turned into the shared types. Every
 * mistake is collected and reported with its key.
 */
public record QuotaSettings(QuotaPolicy policy, Duration staleAfter, BudgetBook budgets,
    List<WebhookNotifier.Endpoint> webhooks, WebhookNotifier.Retry webhookRetry) {

  /**
   * @param currency the close's base currency, which budgets are in
   * @throws IllegalArgumentException naming every bad key
   */
  public static QuotaSettings from(QuotaConfig quota, BudgetsConfig budgets, String currency) {
    List<String> errors = new ArrayList<>();
    QuotaPolicy policy = check(errors, "costfleet.quota", () -> new QuotaPolicy(quota.forecastWindowDays(),
        quota.degraded().budgetFactor(), quota.degraded().maxRequest().orElse(null)));
    Duration staleAfter = quota.staleAfter();
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      errors.add("costfleet.quota.stale-after must be positive, was " + staleAfter);
    }
    List<Threshold> defaults = thresholds(errors, "costfleet.budgets.thresholds", budgets.thresholds());
    Map<String, Budget> costCenters = entries(errors, "costfleet.budgets.cost-centers.", Budget.Scope.COST_CENTER,
        budgets.costCenters(), defaults);
    Map<String, Budget> units = entries(errors, "costfleet.budgets.business-units.", Budget.Scope.BUSINESS_UNIT,
        budgets.businessUnits(), defaults);
    List<WebhookNotifier.Endpoint> hooks = new ArrayList<>();
    for (int i = 0; i < budgets.webhooks().size(); i++) {
      BudgetsConfig.Webhook w = budgets.webhooks().get(i);
      WebhookNotifier.Endpoint e = check(errors, "costfleet.budgets.webhooks[" + i + "].url",
          () -> new WebhookNotifier.Endpoint(URI.create(w.url().strip()), w.authorization().orElse(null)));
      if (e != null) {
        hooks.add(e);
      }
    }
    BudgetsConfig.WebhookRetry r = budgets.webhookRetry();
    WebhookNotifier.Retry retry = check(errors, "costfleet.budgets.webhook-retry",
        () -> new WebhookNotifier.Retry(r.attempts(), r.initialBackoff(), r.maxBackoff(), r.timeout()));
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n  ", errors));
    }
    return new QuotaSettings(policy, staleAfter, new BudgetBook(currency, costCenters, units), hooks, retry);
  }

  private static Map<String, Budget> entries(List<String> errors, String prefix, Budget.Scope scope,
      Map<String, BudgetsConfig.Entry> entries, List<Threshold> defaults) {
    Map<String, Budget> out = new LinkedHashMap<>();
    entries.forEach((name, e) -> {
      List<Threshold> own = e.thresholds().map(t -> thresholds(errors, prefix + name + ".thresholds", t)).orElse(defaults);
      if (scope == Budget.Scope.BUSINESS_UNIT && e.businessUnit().isPresent()) {
        errors.add(prefix + name + ".business-unit: only a cost center's budget names a business unit");
      }
      Budget b = check(errors, prefix + name + ".amount", () -> new Budget(scope, name, e.amount(),
          e.businessUnit().orElse(null), own));
      if (b != null) {
        out.put(name, b);
      }
    });
    return out;
  }

  private static List<Threshold> thresholds(List<String> errors, String key, List<String> texts) {
    List<Threshold> out = new ArrayList<>();
    for (String t : texts) {
      Threshold parsed = check(errors, key, () -> Threshold.parse(t));
      if (parsed != null) {
        out.add(parsed);
      }
    }
    return out;
  }

  private static <T> T check(List<String> errors, String key, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      errors.add(message != null && message.startsWith(key) ? message : key + ": " + message);
      return null;
    }
  }
}
