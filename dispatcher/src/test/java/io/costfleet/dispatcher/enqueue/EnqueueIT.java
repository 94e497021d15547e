package io.costfleet.dispatcher.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import io.costfleet.dispatcher.AmqpTopology;
import io.costfleet.dispatcher.Replica;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.config.FleetCatalog;
import io.costfleet.dispatcher.period.JobState;
import io.costfleet.dispatcher.period.LoggingPeriodCloser;
import io.costfleet.dispatcher.period.PeriodStatus;
import io.costfleet.dispatcher.period.TrackedJob;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import io.costfleet.job.WireCodec;
import io.costfleet.metrics.MetricNames;
import io.costfleet.testing.RedisNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Enqueueing against the real RabbitMQ and Redis, with two dispatcher replicas sharing them. */
class EnqueueIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T06:00:00Z"), ZoneOffset.UTC);
  private final WireCodec codec = new WireCodec();
  private final FleetCatalog catalog = TestConfigs.catalog(TestConfigs.fleet(4));
  private AmqpTopology amqp;
  private RedisNamespace redis;

  @BeforeEach
  void setUp() throws Exception {
    amqp = AmqpTopology.create();
    redis = RedisNamespace.create();
  }

  @AfterEach
  void tearDown() throws Exception {
    redis.close();
    amqp.close();
  }

  private static BackfillSpec threeByFourByThree() {
    return new BackfillSpec(EnumSet.allOf(Provider.class), Set.of(), YearMonth.of(2026, 7), YearMonth.of(2026, 9),
        Priority.BACKFILL, Set.of(), Set.of(), false, Optional.empty());
  }

  @Test
  void twoReplicasSentTheSameBackfillTwiceEnqueue36JobsOnce() throws Exception {
    try (Replica a = Replica.of("a", amqp.topology, redis, catalog, new LoggingPeriodCloser(), CLOCK);
         Replica b = Replica.of("b", amqp.topology, redis, catalog, new LoggingPeriodCloser(), CLOCK)) {
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<EnqueueService.Report> fromA = CompletableFuture.supplyAsync(() -> {
        await(go);
        return a.dispatch.backfill(threeByFourByThree());
      });
      CompletableFuture<EnqueueService.Report> fromB = CompletableFuture.supplyAsync(() -> {
        await(go);
        return b.dispatch.backfill(threeByFourByThree());
      });
      go.countDown();
      EnqueueService.Report ra = fromA.get();
      EnqueueService.Report rb = fromB.get();
      assertThat(ra.count(EnqueueService.Result.ENQUEUED) + rb.count(EnqueueService.Result.ENQUEUED)).isEqualTo(36);
      assertThat(ra.count(EnqueueService.Result.SKIPPED) + rb.count(EnqueueService.Result.SKIPPED)).isEqualTo(36);

      EnqueueService.Report again = b.dispatch.backfill(threeByFourByThree());
      assertThat(again.count(EnqueueService.Result.ENQUEUED)).isZero();
      assertThat(again.count(EnqueueService.Result.SKIPPED)).isEqualTo(36);

      List<String> ids = new java.util.ArrayList<>();
      for (Provider p : Provider.values()) {
        List<GetResponse> messages = amqp.drain(amqp.topology.jobsQueue(p));
        assertThat(messages).as("jobs in %s", amqp.topology.jobsQueue(p)).hasSize(12);
        for (GetResponse m : messages) {
          ExtractionJob job = codec.decodeJob(m.getBody());
          assertThat(job.provider()).isEqualTo(p);
          assertThat(m.getProps().getPriority()).isEqualTo(Priority.BACKFILL);
          assertThat(m.getEnvelope().getRoutingKey()).isEqualTo(job.routingKey());
          ids.add(job.jobId());
        }
      }
      assertThat(ids).hasSize(36).doesNotHaveDuplicates();
      for (YearMonth period : List.of(YearMonth.of(2026, 7), YearMonth.of(2026, 8), YearMonth.of(2026, 9))) {
        assertThat(a.store.period(period)).get().satisfies(v -> {
          assertThat(v.count(JobState.PENDING)).isEqualTo(12);
          assertThat(v.status()).isEqualTo(PeriodStatus.CLOSING);
        });
      }
      double enqueued = a.registry.find(MetricNames.JOBS_ENQUEUED).counters().stream().mapToDouble(c -> c.count())
          .sum() + b.registry.find(MetricNames.JOBS_ENQUEUED).counters().stream().mapToDouble(c -> c.count()).sum();
      assertThat(enqueued).isEqualTo(36);
    }
  }

  @Test
  void monthEndJobsAreConsumedBeforeBackfillJobsQueuedEarlier() throws Exception {
    try (Replica r = Replica.of("a", amqp.topology, redis, catalog, new LoggingPeriodCloser(), CLOCK)) {
      BackfillSpec old = new BackfillSpec(Set.of(Provider.AWS), Set.of(), YearMonth.of(2026, 5),
          YearMonth.of(2026, 6), Priority.BACKFILL, Set.of(), Set.of(), false, Optional.empty());
      assertThat(r.dispatch.backfill(old).count(EnqueueService.Result.ENQUEUED)).isEqualTo(8);
      assertThat(r.dispatch.daily(LocalDate.of(2026, 11, 10)).count(EnqueueService.Result.ENQUEUED)).isEqualTo(12);
      assertThat(r.dispatch.monthEnd(LocalDate.now(CLOCK)).count(EnqueueService.Result.ENQUEUED)).isEqualTo(12);

      List<GetResponse> consumed = amqp.drain(amqp.topology.jobsQueue(Provider.AWS));
      assertThat(consumed).hasSize(16);
      List<ExtractionJob> jobs = consumed.stream().map(m -> codec.decodeJob(m.getBody())).toList();
      assertThat(jobs.subList(0, 4)).allMatch(j -> j.priority() == Priority.MONTH_END
          && j.billingPeriod().equals(YearMonth.of(2026, 10)));
      assertThat(jobs.subList(4, 8)).allMatch(j -> j.priority() == Priority.DAILY);
      assertThat(jobs.subList(8, 16)).allMatch(j -> j.priority() == Priority.BACKFILL);
      // every job starts its own trace (W3C traceparent), which the worker logs with the job's lines
      List<String> traces = consumed.stream().map(m -> io.costfleet.job.TraceContext.parse(
          m.getProps().getHeaders().get(io.costfleet.job.TraceContext.HEADER)).orElseThrow().traceId()).toList();
      assertThat(traces).doesNotHaveDuplicates().hasSize(16);
    }
  }

  @Test
  void aMonthEndJobRaisesThePriorityOfTheSameJobStillQueued() throws Exception {
    try (Replica r = Replica.of("a", amqp.topology, redis, catalog, new LoggingPeriodCloser(), CLOCK)) {
      BackfillSpec october = new BackfillSpec(Set.of(Provider.GCP), Set.of("gcp-acct-1"), YearMonth.of(2026, 10),
          YearMonth.of(2026, 10), Priority.BACKFILL, Set.of(), Set.of(), false, Optional.empty());
      String jobId = r.dispatch.backfill(october).entries().get(0).job().orElseThrow().jobId();
      EnqueueService.Report monthEnd = r.dispatch.monthEnd(LocalDate.now(CLOCK));
      assertThat(monthEnd.entries()).filteredOn(e -> e.job().map(ExtractionJob::jobId).orElse("").equals(jobId))
          .singleElement().satisfies(e -> assertThat(e.result()).isEqualTo(EnqueueService.Result.ESCALATED));
      assertThat(r.store.job(jobId)).get().satisfies(t -> {
        assertThat(t.job().priority()).isEqualTo(Priority.MONTH_END);
        assertThat(t.state()).isEqualTo(JobState.PENDING);
      });
      GetResponse first = amqp.channel.basicGet(amqp.topology.jobsQueue(Provider.GCP), true);
      assertThat(first.getProps().getPriority()).isEqualTo(Priority.MONTH_END);
    }
  }

  @Test
  void anUnroutableJobIsRetriedSurfacedAndPublishedLater() throws Exception {
    amqp.channel.queueDelete(amqp.topology.jobsQueue(Provider.AZURE));
    BackfillSpec one = new BackfillSpec(Set.of(Provider.AZURE), Set.of("azure-acct-3"), YearMonth.of(2026, 9),
        YearMonth.of(2026, 9), Priority.BACKFILL, Set.of(), Set.of(), false, Optional.empty());
    try (Replica broken = new Replica("broken", amqp.topology, redis, catalog, new LoggingPeriodCloser(), p -> { },
        CLOCK)) {
      EnqueueService.Report report = broken.dispatch.backfill(one);
      assertThat(report.entries()).singleElement().satisfies(e -> {
        assertThat(e.result()).isEqualTo(EnqueueService.Result.UNPUBLISHED);
        assertThat(e.detail()).contains("NO_ROUTE");
      });
      String jobId = report.entries().get(0).job().orElseThrow().jobId();
      TrackedJob tracked = broken.store.job(jobId).orElseThrow();
      assertThat(tracked.state()).isEqualTo(JobState.UNPUBLISHED);
      assertThat(tracked.error()).get().asString().startsWith("unroutable");
      assertThat(broken.registry.get(MetricNames.PUBLISH_FAILURES).tag("provider", "azure")
          .tag("reason", "unroutable").counter().count()).isEqualTo(1);

      assertThat(broken.dispatch.backfill(one).count(EnqueueService.Result.SKIPPED))
          .as("an unpublished job is in flight: a second request does not duplicate it").isEqualTo(1);

      try (Replica healthy = Replica.of("healthy", amqp.topology, redis, catalog, new LoggingPeriodCloser(), CLOCK)) {
        assertThat(healthy.enqueue.republishStale(Duration.ZERO, 10)).isEqualTo(1);
        assertThat(healthy.store.job(jobId)).get().satisfies(t -> {
          assertThat(t.state()).isEqualTo(JobState.PENDING);
          assertThat(t.error()).isEmpty();
        });
      }
      List<GetResponse> queued = amqp.drain(amqp.topology.jobsQueue(Provider.AZURE));
      assertThat(queued).singleElement().satisfies(m -> assertThat(codec.decodeJob(m.getBody()).jobId())
          .isEqualTo(jobId));
    }
  }

  @Test
  void aJobTheBrokerNacksIsRetriedAndLeftUnpublishedWithItsReason() throws Exception {
    String queue = amqp.topology.jobsQueue(Provider.GCP);
    amqp.channel.queueDelete(queue);
    java.util.Map<String, Object> full = new java.util.HashMap<>(amqp.topology.jobsQueueArguments());
    full.put("x-max-length", 0);
    full.put("x-overflow", "reject-publish");
    amqp.channel.queueDeclare(queue, true, false, false, full);
    amqp.channel.queueBind(queue, amqp.topology.jobsExchange(), io.costfleet.job.Topology.providerPattern(Provider.GCP));
    try (Replica r = Replica.of("a", amqp.topology, redis, catalog, new LoggingPeriodCloser(), CLOCK)) {
      EnqueueService.Report report = r.dispatch.backfill(new BackfillSpec(Set.of(Provider.GCP), Set.of("gcp-acct-1"),
          YearMonth.of(2026, 9), YearMonth.of(2026, 9), 1, Set.of(), Set.of(), false, Optional.empty()));
      assertThat(report.entries()).singleElement().satisfies(e -> assertThat(e.result())
          .isEqualTo(EnqueueService.Result.UNPUBLISHED));
      TrackedJob job = r.store.job(report.entries().get(0).job().orElseThrow().jobId()).orElseThrow();
      assertThat(job.state()).isEqualTo(JobState.UNPUBLISHED);
      assertThat(job.error()).get().asString().startsWith("nacked");
      assertThat(r.registry.get(MetricNames.PUBLISH_FAILURES).tag("provider", "gcp").tag("reason", "nacked")
          .counter().count()).isEqualTo(1);
      assertThat(r.store.period(YearMonth.of(2026, 9)).orElseThrow().count(JobState.UNPUBLISHED)).isEqualTo(1);
    }
  }

  @Test
  void anUnroutablePublishRedeclaresTheTopologyAndSucceeds() throws Exception {
    amqp.channel.queueDelete(amqp.topology.jobsQueue(Provider.AWS));
    try (Replica r = Replica.of("a", amqp.topology, redis, catalog, new LoggingPeriodCloser(), CLOCK)) {
      EnqueueService.Report report = r.dispatch.backfill(new BackfillSpec(Set.of(Provider.AWS), Set.of("aws-acct-1"),
          YearMonth.of(2026, 9), YearMonth.of(2026, 9), 2, Set.of(), Set.of(), false, Optional.empty()));
      assertThat(report.count(EnqueueService.Result.ENQUEUED)).isEqualTo(1);
      assertThat(amqp.depth(amqp.topology.jobsQueue(Provider.AWS))).isEqualTo(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
