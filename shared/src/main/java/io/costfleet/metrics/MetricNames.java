package io.costfleet.metrics;

/**
 * The meter names every costfleet app uses, one place for all (Prometheus renders
 * {@code costfleet.records} as {@code costfleet_records_total}). Tags are low-cardinality: provider,
 * source, outcome, state, scope — never an account id, job id or cost center.
 */
public final class MetricNames {
  /** Counter: records by {@code provider, source, outcome=staged|quarantined}. */
  public static final String RECORDS = "costfleet.records";
  /** Counter: pages fetched by {@code provider, source}. */
  public static final String PAGES = "costfleet.pages";
  /** Counter: provider API calls by {@code provider, api, outcome=ok|throttled|error}. */
  public static final String API_CALLS = "costfleet.api.calls";
  /** Counter: what provider API calls cost, in US dollars (Cost Explorer bills $0.01 per request), by {@code provider, api}. */
  public static final String API_COST = "costfleet.api.cost.usd";
  /** Counter: throttling signals received by {@code provider, scope}. */
  public static final String THROTTLES = "costfleet.throttles";
  /** Timer: time spent waiting for a rate-limit token by {@code provider, scope}. */
  public static final String RATELIMIT_WAIT = "costfleet.ratelimit.wait";
  /** Counter: finished deliveries by {@code provider, outcome=completed|retried|dead_lettered|dropped}. */
  public static final String JOBS = "costfleet.jobs";
  /** Counter: jobs enqueued by the dispatcher by {@code provider, priority}. */
  public static final String JOBS_ENQUEUED = "costfleet.jobs.enqueued";
  /** Counter: dispatcher publishes the broker did not take, by {@code provider, reason=unroutable|nacked|failed}. */
  public static final String PUBLISH_FAILURES = "costfleet.jobs.publish.failures";
  /** Counter: retries scheduled by {@code provider, reason}. */
  public static final String RETRIES = "costfleet.retries";
  /** Gauge: messages in a provider's jobs queue, by {@code provider}. */
  public static final String QUEUE_DEPTH = "costfleet.queue.depth";
  /** Gauge: messages in a provider's dead-letter queue, by {@code provider}. */
  public static final String DLQ_DEPTH = "costfleet.dlq.depth";
  /** Gauge: circuit state (0 closed, 1 half-open, 2 open) by {@code provider, endpoint}. */
  public static final String CIRCUIT_STATE = "costfleet.circuit.state";
  /** Counter: circuit transitions by {@code provider, endpoint, to}. */
  public static final String CIRCUIT_TRANSITIONS = "costfleet.circuit.transitions";
  /** Gauge: seconds since the oldest running job of this process last committed a cursor, by {@code provider}. */
  public static final String CURSOR_LAG = "costfleet.cursor.lag.seconds";
  /** Timer: cursor commit latency by {@code provider}. */
  public static final String CURSOR_COMMIT = "costfleet.cursor.commit";
  /** Gauge: jobs of open periods by {@code state=pending|running|done|failed}. */
  public static final String PERIOD_JOBS = "costfleet.period.jobs";
  /** Gauge: periods by {@code state=open|closing|closed|failed}. */
  public static final String PERIODS = "costfleet.periods";
  /** Timer: period close duration by {@code outcome=passed|failed}. */
  public static final String CLOSE_DURATION = "costfleet.close.duration";
  /** Counter: quota decisions by {@code outcome=allow|deny, degraded=true|false}. */
  public static final String QUOTA_DECISIONS = "costfleet.quota.decisions";
  /**
   * Counter: per provider, quota reads answered while its data was degraded, by {@code provider,
   * store=redis|local|none} (where its last-good data came from; {@code none}: it had none). Fallback hit
   * rate = reads with {@code store!="none"} / all of them.
   */
  public static final String FALLBACK_READS = "costfleet.fallback.reads";
  /**
   * Gauge: age in seconds of a provider's last-good data of the current period (its oldest account
   * snapshot: the last time every account's extraction had completed), by {@code provider}; -1 without data.
   */
  public static final String DATA_STALENESS = "costfleet.data.staleness.seconds";
  /** Counter: budget.breached events published by {@code kind=actual|forecast}. */
  public static final String BUDGET_BREACHES = "costfleet.budget.breaches";
  /** Counter: event deliveries to webhooks by {@code outcome=delivered|failed} (failed: after every retry). */
  public static final String WEBHOOK_DELIVERIES = "costfleet.webhook.deliveries";

  private MetricNames() {}
}
