package io.costfleet.dispatcher.enqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.period.JobState;
import io.costfleet.dispatcher.period.PeriodStore.CloseArming;
import io.costfleet.dispatcher.period.TrackedJob;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanningTest {
  private static final Instant NOW = Instant.parse("2026-11-02T02:15:00Z");
  private final JobPlanner planner = new JobPlanner(TestConfigs.catalog(TestConfigs.fleet(4)), 3);

  @Test
  void dailySyncCoversTheCurrentPeriodAndThePreviousOneEarlyInTheMonth() {
    List<SlotRequest> early = planner.daily(LocalDate.of(2026, 11, 2), NOW);
    assertThat(early).hasSize(24).allMatch(r -> r.priority() == Priority.DAILY && r.mode() == EnqueueMode.SYNC);
    assertThat(early).filteredOn(r -> r.period().equals(YearMonth.of(2026, 10)))
        .hasSize(12).allMatch(r -> r.arming() == CloseArming.REARM_IF_CLOSED);
    assertThat(early).filteredOn(r -> r.period().equals(YearMonth.of(2026, 11)))
        .hasSize(12).allMatch(r -> r.arming() == CloseArming.KEEP);
    assertThat(planner.daily(LocalDate.of(2026, 11, 4), NOW)).hasSize(12)
        .allMatch(r -> r.period().equals(YearMonth.of(2026, 11)));
  }

  @Test
  void monthEndClosesTheFinishedPeriodAtPriorityNine() {
    List<SlotRequest> jobs = planner.monthEnd(LocalDate.of(2026, 1, 3), NOW);
    assertThat(jobs).hasSize(12).allMatch(r -> r.period().equals(YearMonth.of(2025, 12))
        && r.priority() == Priority.MONTH_END && r.mode() == EnqueueMode.FINAL && r.arming() == CloseArming.ARM);
  }

  @Test
  void backfillExpandsProvidersAccountsAndPeriods() {
    BackfillSpec spec = new BackfillSpec(EnumSet.allOf(Provider.class), Set.of(), YearMonth.of(2026, 8),
        YearMonth.of(2026, 10), Priority.BACKFILL, Set.of(), Set.of(), false, Optional.empty());
    List<SlotRequest> jobs = planner.backfill(spec, LocalDate.of(2026, 11, 2), NOW);
    assertThat(jobs).hasSize(36);
    assertThat(jobs.stream().map(r -> r.job(0).jobId()).distinct()).hasSize(36);
    assertThat(jobs).allMatch(r -> r.arming() == CloseArming.ARM);

    BackfillSpec current = new BackfillSpec(Set.of(Provider.GCP), Set.of("gcp-acct-2"), YearMonth.of(2026, 11),
        YearMonth.of(2026, 11), 3, Set.of(), Set.of(), false, Optional.empty());
    assertThat(planner.backfill(current, LocalDate.of(2026, 11, 2), NOW)).singleElement()
        .satisfies(r -> assertThat(r.arming()).isEqualTo(CloseArming.KEEP))
        .satisfies(r -> assertThat(r.priority()).isEqualTo(3));
  }

  @Test
  void backfillRefusesWhatIsNotConfigured() {
    LocalDate today = LocalDate.of(2026, 11, 2);
    assertThatThrownBy(() -> planner.backfill(new BackfillSpec(Set.of(Provider.AWS), Set.of("999"),
        YearMonth.of(2026, 8), YearMonth.of(2026, 8), 1, Set.of(), Set.of(), false, Optional.empty()), today, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[999]");
    assertThatThrownBy(() -> planner.backfill(new BackfillSpec(Set.of(Provider.AWS), Set.of(),
        YearMonth.of(2026, 8), YearMonth.of(2026, 12), 1, Set.of(), Set.of(), false, Optional.empty()), today, NOW))
        .hasMessageContaining("2026-12 has not started");
    assertThatThrownBy(() -> new BackfillSpec(Set.of(Provider.AWS), Set.of(), YearMonth.of(2026, 9),
        YearMonth.of(2026, 8), 1, Set.of(), Set.of(), false, Optional.empty())).hasMessageContaining("before");
    assertThatThrownBy(() -> new BackfillSpec(Set.of(Provider.AWS), Set.of(), YearMonth.of(2026, 9),
        YearMonth.of(2026, 9), 11, Set.of(), Set.of(), false, Optional.empty())).hasMessageContaining("priority");
  }

  private static SlotRequest request(EnqueueMode mode, int priority, Optional<String> version, boolean resync) {
    return new SlotRequest(mode, Provider.AWS, "cost-explorer", "aws-acct-1", YearMonth.of(2026, 10),
        io.costfleet.job.Dataset.USAGE, priority, "t", CloseArming.KEEP, version, resync, NOW);
  }

  private static Optional<TrackedJob> current(JobState state, int generation, int priority, String version) {
    ExtractionJob job = ExtractionJob.of(Provider.AWS, "cost-explorer", "aws-acct-1", YearMonth.of(2026, 10),
        io.costfleet.job.Dataset.USAGE, null, null, priority, generation, NOW.minusSeconds(3600));
    return Optional.of(new TrackedJob(job, state, "t", NOW, Optional.ofNullable(version), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), true));
  }

  @Test
  void aSyncOfAFinishedSlotIsANewGenerationAndAnInFlightOneIsLeftAlone() {
    SlotRequest daily = request(EnqueueMode.SYNC, 5, Optional.empty(), false);
    assertThat(SlotPlanner.decide(daily, Optional.empty())).isInstanceOfSatisfying(SlotPlanner.Enqueue.class,
        e -> assertThat(e.job().generation()).isZero());
    assertThat(SlotPlanner.decide(daily, current(JobState.DONE, 2, 5, null)))
        .isInstanceOfSatisfying(SlotPlanner.Enqueue.class, e -> assertThat(e.job().generation()).isEqualTo(3));
    assertThat(SlotPlanner.decide(daily, current(JobState.FAILED, 2, 5, null)))
        .isInstanceOf(SlotPlanner.Enqueue.class);
    for (JobState s : List.of(JobState.UNPUBLISHED, JobState.PENDING, JobState.RUNNING)) {
      assertThat(SlotPlanner.decide(daily, current(s, 2, 1, null))).isInstanceOf(SlotPlanner.Skip.class);
    }
  }

  @Test
  void monthEndEscalatesAQueuedJobOfLowerPriority() {
    SlotRequest monthEnd = request(EnqueueMode.FINAL, 9, Optional.empty(), false);
    Optional<TrackedJob> queued = current(JobState.PENDING, 1, 1, null);
    assertThat(SlotPlanner.decide(monthEnd, queued)).isInstanceOfSatisfying(SlotPlanner.Enqueue.class, e -> {
      assertThat(e.escalation()).isTrue();
      assertThat(e.job().jobId()).isEqualTo(queued.get().jobId());
      assertThat(e.job().priority()).isEqualTo(9);
      assertThat(e.job().requestedAt()).isEqualTo(NOW);
    });
    assertThat(SlotPlanner.decide(monthEnd, current(JobState.RUNNING, 1, 1, null))).isInstanceOf(SlotPlanner.Skip.class);
    assertThat(SlotPlanner.decide(monthEnd, current(JobState.PENDING, 1, 9, null))).isInstanceOf(SlotPlanner.Skip.class);
  }

  @Test
  void backfillSkipsDoneSlotsUnlessAResyncIsAskedFor() {
    assertThat(SlotPlanner.decide(request(EnqueueMode.BACKFILL, 1, Optional.empty(), false),
        current(JobState.DONE, 0, 1, null))).isInstanceOf(SlotPlanner.Skip.class);
    assertThat(SlotPlanner.decide(request(EnqueueMode.BACKFILL, 1, Optional.empty(), true),
        current(JobState.DONE, 0, 1, null))).isInstanceOfSatisfying(SlotPlanner.Enqueue.class,
            e -> assertThat(e.job().generation()).isEqualTo(1));
  }

  @Test
  void aRestatementBumpsTheGenerationOncePerVersion() {
    SlotRequest restated = request(EnqueueMode.RESTATE, 9, Optional.of("assembly-7"), false);
    assertThat(SlotPlanner.decide(restated, current(JobState.RUNNING, 4, 5, "assembly-6")))
        .isInstanceOfSatisfying(SlotPlanner.Enqueue.class, e -> assertThat(e.job().generation()).isEqualTo(5));
    assertThat(SlotPlanner.decide(restated, current(JobState.PENDING, 5, 9, "assembly-7")))
        .isInstanceOf(SlotPlanner.Skip.class);
  }
}
