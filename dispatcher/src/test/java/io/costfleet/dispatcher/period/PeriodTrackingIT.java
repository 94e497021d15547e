package io.costfleet.dispatcher.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.costfleet.dispatcher.AmqpTopology;
import io.costfleet.dispatcher.Replica;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.amqp.EventConsumer;
import io.costfleet.dispatcher.config.FleetCatalog;
import io.costfleet.dispatcher.enqueue.EnqueueService;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.DeadLetterHeaders;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.JobEventData;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import io.costfleet.job.RestatementData;
import io.costfleet.job.WireCodec;
import io.costfleet.source.MalformedPayloadException;
import io.costfleet.testing.RedisNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Period tracking from the workers' events, with two replicas consuming the same events queue: states per job,
 * one close per period when every job is done, stale and poison events, state that survives a replica.
 */
class PeriodTrackingIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T06:00:00Z"), ZoneOffset.UTC);
  private static final YearMonth OCTOBER = YearMonth.of(2026, 10);
  private final WireCodec codec = new WireCodec();
  private final FleetCatalog catalog = TestConfigs.catalog(TestConfigs.fleet(1));
  private final List<PeriodCloseRequest> closes = new CopyOnWriteArrayList<>();
  private final PeriodCloser recording = request -> {
    closes.add(request);
    return new PeriodCloser.Closed("closed " + request.jobs().size() + " jobs");
  };
  private AmqpTopology amqp;
  private RedisNamespace redis;
  private Replica a;
  private Replica b;

  @BeforeEach
  void setUp() throws Exception {
    amqp = AmqpTopology.create();
    redis = RedisNamespace.create();
    a = Replica.of("a", amqp.topology, redis, catalog, recording, CLOCK);
    b = Replica.of("b", amqp.topology, redis, catalog, recording, CLOCK);
    a.consumer.ensureRunning();
    b.consumer.ensureRunning();
  }

  @AfterEach
  void tearDown() throws Exception {
    a.close();
    b.close();
    redis.close();
    amqp.close();
  }

  private void publish(CloudEvent event) throws Exception {
    amqp.channel.basicPublish(amqp.topology.eventsExchange(), event.routingKey(),
        new AMQP.BasicProperties.Builder().contentType(WireCodec.CLOUDEVENTS_CONTENT_TYPE).build(),
        codec.encode(event));
  }

  private void worker(String type, JobEventData data) throws Exception {
    publish(data.toEvent(type, "/costfleet/worker-test", codec.mapper()));
  }

  private List<ExtractionJob> monthEndJobs() {
    EnqueueService.Report report = a.dispatch.monthEnd(LocalDate.now(CLOCK));
    assertThat(report.count(EnqueueService.Result.ENQUEUED)).isEqualTo(3);
    return report.entries().stream().map(e -> e.job().orElseThrow()).toList();
  }

  private JobState state(String jobId) {
    return a.store.job(jobId).orElseThrow().state();
  }

  @Test
  void aPeriodClosesOnceWhenEveryJobIsDoneAndSaysSo() throws Exception {
    String probe = amqp.channel.queueDeclare().getQueue();
    amqp.channel.queueBind(probe, amqp.topology.eventsExchange(), "period.closed");
    List<ExtractionJob> jobs = monthEndJobs();
    for (ExtractionJob job : jobs) {
      worker(CloudEvent.JOB_STARTED, JobEventData.started(job, "w1"));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.stream().allMatch(j -> state(j.jobId()) == JobState.RUNNING));
    worker(CloudEvent.JOB_COMPLETED, JobEventData.completed(jobs.get(0), "w1", 3, 300, 1));
    worker(CloudEvent.JOB_COMPLETED, JobEventData.completed(jobs.get(1), "w1", 2, 200, 0));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.store.period(OCTOBER).orElseThrow().count(JobState.DONE) == 2);
    assertThat(closes).isEmpty();
    assertThat(b.store.period(OCTOBER).orElseThrow().status()).isEqualTo(PeriodStatus.CLOSING);

    worker(CloudEvent.JOB_COMPLETED, JobEventData.completed(jobs.get(2), "w2", 1, 100, 0));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.store.period(OCTOBER).orElseThrow().status()
        == PeriodStatus.CLOSED);
    a.closes.checkAll();
    b.closes.checkAll();
    Thread.sleep(300);
    assertThat(closes).singleElement().satisfies(c -> {
      assertThat(c.period()).isEqualTo(OCTOBER);
      assertThat(c.jobs()).extracting(ExtractionJob::jobId).containsExactlyInAnyOrderElementsOf(
          jobs.stream().map(ExtractionJob::jobId).toList());
      assertThat(c.businessUnit(Provider.AWS, "aws-acct-1")).isEmpty();
    });
    PeriodView closed = b.store.period(OCTOBER).orElseThrow();
    assertThat(closed.closeSummary()).contains("closed 3 jobs");
    assertThat(closed.closedAt()).isPresent();
    TrackedJob first = b.store.job(jobs.get(0).jobId()).orElseThrow();
    assertThat(first.rows()).contains(300L);
    assertThat(first.worker()).contains("w1");

    await().atMost(Duration.ofSeconds(5)).until(() -> amqp.depth(probe) == 1);
    CloudEvent announced = codec.decodeEvent(amqp.channel.basicGet(probe, true).getBody());
    assertThat(announced.type()).isEqualTo(CloudEvent.PERIOD_CLOSED);
    assertThat(announced.data().get("billingPeriod").asText()).isEqualTo("2026-10");
  }

  @Test
  void aFailedJobHoldsTheCloseUntilItsReplayCompletes() throws Exception {
    List<ExtractionJob> jobs = monthEndJobs();
    worker(CloudEvent.JOB_COMPLETED, JobEventData.completed(jobs.get(0), "w", 1, 1, 0));
    worker(CloudEvent.JOB_COMPLETED, JobEventData.completed(jobs.get(1), "w", 1, 1, 0));
    worker(CloudEvent.JOB_FAILED, JobEventData.failed(jobs.get(2), "w", DeadLetterHeaders.Stage.FETCH,
        new io.costfleet.source.UnavailableException("503 from the provider", (Throwable) null), false));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(jobs.get(2).jobId()) == JobState.PENDING
        && a.store.job(jobs.get(2).jobId()).orElseThrow().error().isPresent());
    worker(CloudEvent.JOB_FAILED, JobEventData.failed(jobs.get(2), "w", DeadLetterHeaders.Stage.NORMALIZE,
        new MalformedPayloadException("column BilledCost missing"), true));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(jobs.get(2).jobId()) == JobState.FAILED);
    PeriodView waiting = a.store.period(OCTOBER).orElseThrow();
    assertThat(waiting.status()).isEqualTo(PeriodStatus.CLOSING);
    assertThat(waiting.count(JobState.FAILED)).isEqualTo(1);
    assertThat(a.store.job(jobs.get(2).jobId()).orElseThrow().error()).get().asString()
        .contains("normalize").contains("column BilledCost missing");
    a.closes.checkAll();
    Thread.sleep(200);
    assertThat(closes).isEmpty();

    assertThat(a.store.replayed(jobs.get(2).jobId(), CLOCK.instant())).isTrue();
    worker(CloudEvent.JOB_COMPLETED, JobEventData.completed(jobs.get(2), "w", 1, 1, 0));
    await().atMost(Duration.ofSeconds(10)).until(() -> closes.size() == 1);
  }

  @Test
  void eventsOfAnEarlierEnqueueAndLateStartsDoNotMoveAJobBack() throws Exception {
    List<ExtractionJob> jobs = monthEndJobs();
    ExtractionJob job = jobs.get(0);
    ExtractionJob older = new ExtractionJob(job.jobId(), job.provider(), job.source(), job.accountId(),
        job.billingPeriod(), job.dataset(), job.window(), job.part(), Priority.DAILY, job.generation(),
        job.requestedAt().minusSeconds(3600), 0);
    worker(CloudEvent.JOB_COMPLETED, JobEventData.completed(older, "w", 1, 1, 0));
    worker(CloudEvent.JOB_COMPLETED, JobEventData.completed(job, "w", 1, 1, 0));
    worker(CloudEvent.JOB_STARTED, JobEventData.started(job, "w"));
    worker(CloudEvent.JOB_STARTED, JobEventData.started(jobs.get(1), "w"));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(jobs.get(1).jobId()) == JobState.RUNNING);
    assertThat(state(job.jobId())).isEqualTo(JobState.DONE);
    assertThat(a.store.apply(new PeriodStore.JobEvent(job.jobId(), JobState.RUNNING, java.util.Optional.of(older),
        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
        java.util.Optional.empty()), CLOCK.instant()).result()).isEqualTo(PeriodStore.EventResult.STALE);
  }

  @Test
  void aTrackerThatLostItsStateAdoptsJobsFromTheirEvents() throws Exception {
    List<ExtractionJob> jobs = monthEndJobs();
    redis.deleteAll();
    worker(CloudEvent.JOB_STARTED, JobEventData.started(jobs.get(0), "w"));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.store.job(jobs.get(0).jobId()).isPresent());
    TrackedJob adopted = a.store.job(jobs.get(0).jobId()).orElseThrow();
    assertThat(adopted.state()).isEqualTo(JobState.RUNNING);
    assertThat(adopted.trigger()).isEqualTo("event");
    assertThat(adopted.current()).isTrue();
    assertThat(a.store.period(OCTOBER).orElseThrow().count(JobState.RUNNING)).isEqualTo(1);
  }

  @Test
  void aRestatementEventResyncsTheAffectedSlotsOnceAtPriorityNine() throws Exception {
    List<ExtractionJob> jobs = monthEndJobs();
    for (ExtractionJob job : jobs) {
      worker(CloudEvent.JOB_COMPLETED, JobEventData.completed(job, "w", 1, 1, 0));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> closes.size() == 1);
    amqp.drain(amqp.topology.jobsQueue(Provider.AWS));
    RestatementData restated = new RestatementData(Provider.AWS, null, "aws-acct-1", OCTOBER, "assembly-2",
        "new CUR assembly");
    publish(restated.toEvent("/costfleet/worker-aws", codec.mapper()));
    publish(restated.toEvent("/costfleet/worker-aws", codec.mapper()));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.store.period(OCTOBER).orElseThrow().status()
        == PeriodStatus.CLOSING);
    Thread.sleep(300);
    List<GetResponse> queued = amqp.drain(amqp.topology.jobsQueue(Provider.AWS));
    assertThat(queued).singleElement().satisfies(m -> {
      ExtractionJob resync = codec.decodeJob(m.getBody());
      assertThat(resync.generation()).isEqualTo(1);
      assertThat(resync.priority()).isEqualTo(Priority.MONTH_END);
      assertThat(resync.jobId()).isNotEqualTo(jobs.stream().filter(j -> j.provider() == Provider.AWS).findFirst()
          .orElseThrow().jobId());
      assertThat(a.store.job(resync.jobId()).orElseThrow().version()).contains("assembly-2");
    });
  }

  @Test
  void aPoisonEventGoesToTheDispatcherDeadLetterQueueWithContext() throws Exception {
    amqp.channel.basicPublish(amqp.topology.eventsExchange(), "job.completed", null,
        "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/x\",\"type\":\"io.costfleet.job.completed\"}"
            .getBytes(StandardCharsets.UTF_8));
    String dlq = EventConsumer.deadLetterQueue(amqp.topology);
    await().atMost(Duration.ofSeconds(10)).until(() -> amqp.depth(dlq) == 1);
    GetResponse dead = amqp.channel.basicGet(dlq, true);
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.STAGE).toString())
        .isEqualTo(DeadLetterHeaders.Stage.DECODE);
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.EXCEPTION_MESSAGE).toString()).contains("no data");
    assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).contains("\"id\":\"e1\"");
    assertThat(amqp.depth(EventConsumer.queue(amqp.topology))).isZero();
  }
}
