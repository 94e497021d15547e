package io.costfleet.runner;

import io.costfleet.job.DeadLetterHeaders.Stage;
import io.costfleet.job.ExtractionJob;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.Failure;
import io.costfleet.source.PoisonMessageException;
import io.costfleet.state.LeaseLostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What the delivery layer does with a job message once its run ended: ack it, requeue it, retry it
 * later through the delay queue, or dead-letter it. Framework-free; the Spring worker runtime and
 * any other consumer apply the decision to the broker.
 *
 * <ul>
 *   <li>{@link RunOutcome.Completed} (done, or already done): ack.</li>
 *   <li>{@link RunOutcome.Abandoned} (shutdown, or a lost lease): requeue (nack with requeue), so a
 *       worker resumes from the committed cursor. This is not an attempt. A lost lease is requeued,
 *       not dropped: if another worker holds the job, the requeued message meets a busy lease and
 *       is retried after the lease's TTL until the cursor says DONE; if the lease vanished (Redis
 *       lost its keys), the job restarts from its first page and overwrites its deterministic files.</li>
 *   <li>A permanent failure ({@link Failure.Reject}): dead-letter at once.</li>
 *   <li>A transient or unknown failure: retry after {@code min(maxBackoff, initialBackoff * 2^(n-1))}
 *       shortened by up to {@code jitter} (a fraction), never sooner than the provider's Retry-After;
 *       on the {@code maxAttempts}-th attempt, dead-letter instead.</li>
 * </ul>
 *
 * <p>Attempts are counted from the payload's {@code attempt} and, as a guard against a payload
 * that lost its count, from the broker's {@code x-death} count of the retry queue (see
 * {@link #attemptNumber}): whichever is higher. A message can therefore never loop forever.
 */
public final class DeliveryPolicy {

  /**
   * @param maxAttempts    attempts before a transient failure is dead-lettered (>= 1)
   * @param initialBackoff delay before the first retry
   * @param maxBackoff     longest back-off (a provider's Retry-After may still ask for more)
   * @param jitter         fraction in [0, 1) by which a delay is randomly shortened
   */
  public record Settings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    public Settings {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
      }
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      if (initialBackoff.isNegative() || initialBackoff.isZero()) {
        throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
      }
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
            + initialBackoff);
      }
      if (!(jitter >= 0 && jitter < 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
      }
    }

    /** 5 attempts, 5 s doubling up to 10 min, 50 % jitter. */
    public static Settings defaults() {
      return new Settings(5, Duration.ofSeconds(5), Duration.ofMinutes(10), 0.5);
    }
  }

  /** The decision for one message. */
  public sealed interface Decision {
    /** Acknowledge: the work is durable, or someone else owns it. */
    record Ack(String reason) implements Decision {}

    /** Negative-acknowledge with requeue: another worker resumes from the cursor. */
    record Requeue(String reason) implements Decision {}

    /** Republish {@code next} (attempt + 1) to the delay queue with this TTL, then ack the original. */
    record Retry(ExtractionJob next, Duration delay, String stage, Throwable cause) implements Decision {}

    /** Publish to the dead-letter exchange with context headers, then ack the original. */
    record DeadLetter(String stage, Throwable cause, int attempts) implements Decision {}
  }

  private final Settings settings;
  private final RandomGenerator random;

  public DeliveryPolicy(Settings settings, RandomGenerator random) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = Objects.requireNonNull(random, "random");
  }

  public Settings settings() {
    return settings;
  }

  /** The decision for a run that returned. */
  public Decision onOutcome(RunOutcome outcome) {
    if (outcome instanceof RunOutcome.Completed c) {
      return new Decision.Ack(c.alreadyDone() ? "already done" : "completed");
    }
    RunOutcome.Abandoned a = (RunOutcome.Abandoned) outcome;
    return a.reason() == RunOutcome.Reason.LEASE_LOST
        ? new Decision.Requeue("lease lost: resumed by whoever holds the lease next")
        : new Decision.Requeue("worker shutting down");
  }

  /**
   * The decision for a run that threw.
   *
   * @param job        the job as decoded from the message
   * @param attempt    the 1-based number of the attempt that failed ({@link #attemptNumber})
   * @param failure    what the run threw ({@link RunFailedException} or anything else)
   * @param classifier the source's classifier (its translator for SDK exceptions)
   */
  public Decision onFailure(ExtractionJob job, int attempt, Throwable failure, ErrorClassifier classifier) {
    String stage = Stage.FETCH;
    Throwable cause = failure;
    if (failure instanceof RunFailedException rf) {
      stage = rf.stage();
      cause = rf.getCause();
    }
    if (cause instanceof LeaseLostException) {
      return new Decision.Requeue("lease lost: resumed by whoever holds the lease next");
    }
    if (cause instanceof PoisonMessageException) {
      return new Decision.DeadLetter(Stage.DECODE, cause, attempt);
    }
    Failure classified = classifier.classify(cause);
    if (classified instanceof Failure.Reject reject) {
      return new Decision.DeadLetter(stage, reject.cause(), attempt);
    }
    Failure.Retry retry = (Failure.Retry) classified;
    if (attempt >= settings.maxAttempts()) {
      return new Decision.DeadLetter(stage, retry.cause(), attempt);
    }
    return new Decision.Retry(job.nextAttempt(), delay(attempt, retry.notBefore()), stage, retry.cause());
  }

  /** The delay before retry number {@code attempt} (1 = after the first failure). */
  Duration delay(int attempt, Optional<Duration> notBefore) {
    long initial = settings.initialBackoff().toMillis();
    long max = settings.maxBackoff().toMillis();
    int shift = Math.min(Math.max(attempt - 1, 0), 40);
    long exponential = initial > (max >> shift) ? max : Math.min(max, initial << shift);
    long jittered = Math.round(exponential * (1 - settings.jitter() * random.nextDouble()));
    long floor = notBefore.map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(Math.max(Math.max(jittered, 1), floor));
  }

  /**
   * The 1-based number of the attempt a message represents: one more than the higher of the
   * payload's attempt counter and the number of times the broker expired it out of
   * {@code retryQueue} ({@code x-death}).
   */
  public static int attemptNumber(ExtractionJob job, Map<String, Object> headers, String retryQueue) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(job.attempt(), deathCount(headers, retryQueue)) + 1);
  }

  /** How often a message passed through {@code queue} according to its {@code x-death} header. */
  public static long deathCount(Map<String, Object> headers, String queue) {
    if (headers == null || !(headers.get("x-death") instanceof List<?> deaths)) {
      return 0;
    }
    long total = 0;
    for (Object d : deaths) {
      if (d instanceof Map<?, ?> death && queue.equals(String.valueOf(death.get("queue")))
          && death.get("count") instanceof Number n) {
        total += n.longValue();
      }
    }
    return total;
  }
}
