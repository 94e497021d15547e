package io.costfleet.dispatcher.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code costfleet.budgets.*}: budgets per cost center and business unit (in the close's base currency, per
 * billing period), their thresholds, and the webhooks {@code budget.breached} events are also POSTed to.
 * Checked at start-up by {@link QuotaSettings#from}, which names a bad key.
 */
@ConfigMapping(prefix = "costfleet.budgets")
public interface BudgetsConfig {

  /** Thresholds of every budget that does not list its own: {@code actual:<percent>} or {@code forecast:<percent>}. */
  @WithDefault("actual:80,actual:100,forecast:100")
  List<String> thresholds();

  /** Budgets by cost center. */
  Map<String, Entry> costCenters();

  /** Budgets by business unit. */
  Map<String, Entry> businessUnits();

  /** Where breach events are POSTed (CloudEvents structured JSON), besides the events exchange. */
  List<Webhook> webhooks();

  WebhookRetry webhookRetry();

  /** One budget. */
  interface Entry {
    /** Per billing period, in the base currency. */
    BigDecimal amount();

    /** For a cost center: the business unit whose budget it also draws on (default: the one its cost is under). */
    Optional<String> businessUnit();

    /** This budget's own thresholds. */
    Optional<List<String>> thresholds();
  }

  /** One webhook. */
  interface Webhook {
    String url();

    /** Sent as the Authorization header (e.g. {@code Bearer ...}); never logged. */
    Optional<String> authorization();
  }

  /** How webhook deliveries are retried. */
  interface WebhookRetry {
    @WithDefault("5")
    int attempts();

    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("30s")
    Duration maxBackoff();

    /** Per attempt. */
    @WithDefault("5s")
    Duration timeout();
  }
}
