package io.costfleet.job;

import java.util.Map;
import java.util.Objects;

/**
 * Names and arguments of the RabbitMQ topology, under a namespace ({@code costfleet} by default;
 * tests use their own so they never share queues).
 *
 * <pre>
 * ns.jobs              topic exchange       jobs, routing key provider.source.account.period
 * ns.jobs.PROVIDER     classic queue        bound "PROVIDER.#", x-max-priority 10, dead-letters to ns.dlx
 * ns.retry             topic exchange       delayed retries
 * ns.retry.PROVIDER    classic queue        no consumer; per-message TTL; dead-letters back to ns.jobs
 * ns.dlx               topic exchange       dead letters
 * ns.dlq.PROVIDER      classic queue        bound "PROVIDER.#"
 * ns.events            topic exchange       CloudEvents (job.completed, job.failed, period.closed, budget.breached)
 * </pre>
 */
public record Topology(String namespace) {
  public static final String DEFAULT_NAMESPACE = "costfleet";

  public Topology {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isBlank() || namespace.contains("#") || namespace.contains("*")) {
      throw new IllegalArgumentException("invalid topology namespace '" + namespace + "'");
    }
  }

  public static Topology defaults() {
    return new Topology(DEFAULT_NAMESPACE);
  }

  public String jobsExchange() { return namespace + ".jobs"; }

  public String jobsQueue(Provider p) { return namespace + ".jobs." + p.code(); }

  public String retryExchange() { return namespace + ".retry"; }

  public String retryQueue(Provider p) { return namespace + ".retry." + p.code(); }

  public String deadLetterExchange() { return namespace + ".dlx"; }

  public String deadLetterQueue(Provider p) { return namespace + ".dlq." + p.code(); }

  public String eventsExchange() { return namespace + ".events"; }

  /** Binding pattern of a provider's queues. */
  public static String providerPattern(Provider p) { return p.code() + ".#"; }

  /** Arguments of a jobs queue. */
  public Map<String, Object> jobsQueueArguments() {
    return Map.of("x-max-priority", Priority.MAX, "x-dead-letter-exchange", deadLetterExchange(),
        "x-queue-type", "classic");
  }

  /** Arguments of a retry (delay) queue: expired messages go back to the jobs exchange with their routing key. */
  public Map<String, Object> retryQueueArguments() {
    return Map.of("x-dead-letter-exchange", jobsExchange(), "x-queue-type", "classic");
  }

  /** Arguments of a dead-letter queue. */
  public Map<String, Object> deadLetterQueueArguments() {
    return Map.of("x-queue-type", "classic");
  }
}
