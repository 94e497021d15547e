package io.costfleet.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.job.Dataset;
import io.costfleet.job.DeadLetterHeaders.Stage;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.PoisonMessageException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import io.costfleet.state.LeaseLostException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {
  private final DeliveryPolicy policy = new DeliveryPolicy(
      new DeliveryPolicy.Settings(4, Duration.ofSeconds(2), Duration.ofSeconds(30), 0.5), new SplittableRandom(7));
  private final ExtractionJob job = ExtractionJob.of(Provider.AWS, "cost-explorer", "1", YearMonth.of(2026, 10),
      Dataset.USAGE, 5, Instant.EPOCH);
  private final ErrorClassifier classifier = ErrorClassifier.typedOnly();

  @Test
  void completedAbandonedAndLeaseLostRunsAreAckedOrRequeued() {
    assertThat(policy.onOutcome(new RunOutcome.Completed(1, 1, 0, false, false)))
        .isInstanceOf(DeliveryPolicy.Decision.Ack.class);
    assertThat(policy.onOutcome(new RunOutcome.Abandoned(RunOutcome.Reason.LEASE_LOST, 0)))
        .isInstanceOf(DeliveryPolicy.Decision.Requeue.class);
    assertThat(policy.onOutcome(new RunOutcome.Abandoned(RunOutcome.Reason.SHUTDOWN, 0)))
        .isInstanceOf(DeliveryPolicy.Decision.Requeue.class);
    assertThat(policy.onFailure(job, 1, new LeaseLostException("gone"), classifier))
        .isInstanceOf(DeliveryPolicy.Decision.Requeue.class);
  }

  @Test
  void permanentFailuresAreDeadLetteredAtOnceWithTheirStage() {
    var bad = new BadCredentialsException("AccessDenied", null);
    assertThat(policy.onFailure(job, 1, new RunFailedException(Stage.FETCH, bad, 0), classifier))
        .isEqualTo(new DeliveryPolicy.Decision.DeadLetter(Stage.FETCH, bad, 1));
    var poison = new PoisonMessageException("not json");
    assertThat(policy.onFailure(job, 1, poison, classifier))
        .isEqualTo(new DeliveryPolicy.Decision.DeadLetter(Stage.DECODE, poison, 1));
  }

  @Test
  void transientFailuresAreRetriedWithTheNextAttemptUntilTheLimit() {
    var down = new RunFailedException(Stage.FETCH, new UnavailableException("503", null), 2);
    var retry = (DeliveryPolicy.Decision.Retry) policy.onFailure(job, 1, down, classifier);
    assertThat(retry.next().attempt()).isEqualTo(1);
    assertThat(retry.next().jobId()).isEqualTo(job.jobId());
    assertThat(retry.stage()).isEqualTo(Stage.FETCH);
    assertThat(policy.onFailure(job.nextAttempt().nextAttempt().nextAttempt(), 4, down, classifier))
        .isInstanceOfSatisfying(DeliveryPolicy.Decision.DeadLetter.class, d -> assertThat(d.attempts()).isEqualTo(4));
    assertThat(policy.onFailure(job, 1, new IllegalStateException("bug"), classifier))
        .as("an unexpected exception is retried, bounded by the attempt limit")
        .isInstanceOf(DeliveryPolicy.Decision.Retry.class);
  }

  @Test
  void backOffDoublesIsJitteredCappedAndNeverShorterThanRetryAfter() {
    for (int i = 0; i < 100; i++) {
      assertThat(policy.delay(1, Optional.empty())).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
      assertThat(policy.delay(3, Optional.empty())).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
      assertThat(policy.delay(60, Optional.empty())).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
      assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(45)))).isEqualTo(Duration.ofSeconds(45));
    }
    var throttled = new ThrottledException("ce", Duration.ofSeconds(40), "Rate exceeded", null);
    var retry = (DeliveryPolicy.Decision.Retry) policy.onFailure(job, 1, throttled, classifier);
    assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void theBrokersDeathCountGuardsAPayloadThatLostItsAttemptCounter() {
    Map<String, Object> headers = Map.of("x-death", List.of(
        Map.of("queue", "ns.retry.aws", "reason", "expired", "count", 3L),
        Map.of("queue", "ns.jobs.aws", "reason", "rejected", "count", 1L)));
    assertThat(DeliveryPolicy.deathCount(headers, "ns.retry.aws")).isEqualTo(3);
    assertThat(DeliveryPolicy.attemptNumber(job, headers, "ns.retry.aws")).isEqualTo(4);
    assertThat(DeliveryPolicy.attemptNumber(job, Map.of(), "ns.retry.aws")).isEqualTo(1);
    assertThat(DeliveryPolicy.attemptNumber(job.nextAttempt(), null, "ns.retry.aws")).isEqualTo(2);
    var down = new UnavailableException("503", null);
    assertThat(policy.onFailure(job, DeliveryPolicy.attemptNumber(job, headers, "ns.retry.aws"), down, classifier))
        .isInstanceOf(DeliveryPolicy.Decision.DeadLetter.class);
  }
}
