package io.costfleet.worker.support;

import io.costfleet.job.Provider;
import io.costfleet.runner.DeliveryPolicy;
import io.costfleet.runner.RunnerSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code costfleet.worker.*}: which provider's queue this worker drains and how.
 *
 * @param provider               {@code aws}, {@code gcp} or {@code azure} (required)
 * @param id                     this worker's name in leases, logs and dead letters (default host-pid)
 * @param concurrency            jobs run in parallel by this process (consumers on the queue)
 * @param prefetch               unacked messages the broker hands each consumer
 * @param maxAttempts            attempts of a job before a transient failure is dead-lettered
 * @param backoffInitial         delay before the first retry
 * @param backoffMax             longest retry delay (a provider's Retry-After may ask for more)
 * @param backoffJitter          fraction in [0,1) by which a retry delay is randomly shortened
 * @param leaseTtl               job lease time-to-live: how soon a crashed worker's job is free again
 * @param leaseRenewEvery        lease renewal period (shorter than the TTL)
 * @param rateLimitMaxWait       longest wait for a rate-limit token before the job is retried later
 * @param throttleRetriesPerPage throttled calls of one page retried in place before the job is requeued
 * @param throttleBackoff        fleet back-off when a throttling error has no Retry-After
 * @param progressEveryPages     a progress log line every so many pages
 * @param shutdownTimeout        how long shutdown waits for the page in flight
 * @param confirmTimeout         how long a retry, dead-letter or event publish waits for the broker's confirm
 */
@ConfigurationProperties("costfleet.worker")
public record WorkerProperties(
    Provider provider,
    String id,
    @DefaultValue("1") int concurrency,
    @DefaultValue("1") int prefetch,
    @DefaultValue("5") int maxAttempts,
    @DefaultValue("5s") Duration backoffInitial,
    @DefaultValue("10m") Duration backoffMax,
    @DefaultValue("0.5") double backoffJitter,
    @DefaultValue("60s") Duration leaseTtl,
    @DefaultValue("20s") Duration leaseRenewEvery,
    @DefaultValue("60s") Duration rateLimitMaxWait,
    @DefaultValue("3") int throttleRetriesPerPage,
    @DefaultValue("1s") Duration throttleBackoff,
    @DefaultValue("10") int progressEveryPages,
    @DefaultValue("30s") Duration shutdownTimeout,
    @DefaultValue("10s") Duration confirmTimeout) {

  private static final String P = "costfleet.worker.";

  public WorkerProperties {
    if (provider == null) {
      throw new IllegalArgumentException(P + "provider is required (aws, gcp or azure)");
    }
    if (id == null || id.isBlank()) {
      id = ManagementFactory.getRuntimeMXBean().getName().replace('@', '-');
    }
    atLeast("concurrency", concurrency, 1);
    atLeast("prefetch", prefetch, 1);
    atLeast("max-attempts", maxAttempts, 1);
    atLeast("throttle-retries-per-page", throttleRetriesPerPage, 0);
    atLeast("progress-every-pages", progressEveryPages, 1);
    positive("backoff-initial", backoffInitial);
    positive("backoff-max", backoffMax);
    positive("lease-ttl", leaseTtl);
    positive("lease-renew-every", leaseRenewEvery);
    positive("rate-limit-max-wait", rateLimitMaxWait);
    positive("throttle-backoff", throttleBackoff);
    positive("shutdown-timeout", shutdownTimeout);
    positive("confirm-timeout", confirmTimeout);
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException(P + "backoff-max (" + backoffMax + ") must not be shorter than "
          + P + "backoff-initial (" + backoffInitial + ")");
    }
    if (!(backoffJitter >= 0 && backoffJitter < 1)) {
      throw new IllegalArgumentException(P + "backoff-jitter must be in [0, 1), was " + backoffJitter);
    }
    if (leaseRenewEvery.compareTo(leaseTtl) >= 0) {
      throw new IllegalArgumentException(P + "lease-renew-every (" + leaseRenewEvery + ") must be shorter than "
          + P + "lease-ttl (" + leaseTtl + ")");
    }
  }

  RunnerSettings runnerSettings() {
    return new RunnerSettings(id, leaseTtl, leaseRenewEvery, rateLimitMaxWait, throttleRetriesPerPage,
        throttleBackoff, progressEveryPages);
  }

  DeliveryPolicy.Settings deliverySettings() {
    return new DeliveryPolicy.Settings(maxAttempts, backoffInitial, backoffMax, backoffJitter);
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(P + key + " must be >= " + min + ", was " + value);
    }
  }

  private static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(P + key + " must be a positive duration, was " + value);
    }
  }
}
