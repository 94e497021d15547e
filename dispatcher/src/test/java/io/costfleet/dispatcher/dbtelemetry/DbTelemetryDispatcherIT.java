package io.costfleet.dispatcher.dbtelemetry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.costfleet.dbtelemetry.DbTelemetrySource;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.JobEventData;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.WireCodec;
import io.costfleet.testing.Amqp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Database telemetry in a booted dispatcher: {@code GET /api/v1/quota/db/{tenant}} over the telemetry in
 * its storage root, the sample-job schedule, and sample-job events kept out of period tracking.
 */
@QuarkusTest
@QuarkusTestResource(value = DbQuotaTestResource.class, restrictToAnnotatedClass = true)
class DbTelemetryDispatcherIT {
  private final WireCodec codec = new WireCodec();

  @Inject
  Topology topology;

  @Inject
  DbTelemetrySchedule schedule;

  private static RequestSpecification api() {
    return given().header("Authorization", "Bearer " + TestConfigs.TOKEN);
  }

  @Test
  void aTenantWithinItsQuotasIsAllowedFromFreshSamples() {
    api().get("/api/v1/quota/db/heavy").then().statusCode(200)
        .body("tenant", equalTo("heavy"))
        .body("cost_center", equalTo("cc-heavy"))
        .body("endpoints[0]", equalTo("orders-pg"))
        .body("allowed", equalTo(true))
        .body("is_degraded", equalTo(false))
        .body("staleness_seconds", lessThan(1800))
        .body("storage.unit", equalTo("bytes"))
        .body("storage.used", equalTo((int) DbQuotaTestResource.HEAVY_BYTES))
        .body("storage.quota", equalTo(100 * 1024 * 1024))
        .body("compute.unit", equalTo("seconds"))
        .body("compute.used", equalTo(7200.0f))
        .body("compute.quota", equalTo(10800.0f));
  }

  @Test
  void aRequestBeyondTheQuotaIsDenied() {
    api().queryParam("compute_seconds", 3601).get("/api/v1/quota/db/heavy").then().statusCode(200)
        .body("allowed", equalTo(false))
        .body("compute.allowed", equalTo(false))
        .body("storage.allowed", equalTo(true));
    api().get("/api/v1/quota/db/light").then().statusCode(200)
        .body("allowed", equalTo(false))
        .body("storage.allowed", equalTo(false))
        .body("compute.quota", nullValue());
  }

  @Test
  void staleSamplesAnswerDegradedWithTheirStalenessAndAStricterCap() {
    api().queryParam("storage_bytes", 90 * 1024 * 1024).get("/api/v1/quota/db/archive").then().statusCode(200)
        .body("is_degraded", equalTo(true))
        .body("staleness_seconds", greaterThanOrEqualTo(7200))
        .body("storage.used", equalTo(5_000_000))
        .body("storage.effective_quota", equalTo(94371840.0f))
        .body("storage.allowed", equalTo(false))
        .body("allowed", equalTo(false));
  }

  @Test
  void unknownTenantsMissingTokensAndNegativeRequestsAreRefused() {
    api().get("/api/v1/quota/db/nobody").then().statusCode(404);
    given().get("/api/v1/quota/db/heavy").then().statusCode(401);
    api().queryParam("storage_bytes", -1).get("/api/v1/quota/db/heavy").then().statusCode(400);
  }

  @Test
  void theScheduleEnqueuesOneSampleJobPerEndpointOnItsProvidersQueue() throws Exception {
    try (Connection c = Amqp.connect(); Channel ch = c.createChannel()) {
      ch.queuePurge(topology.jobsQueue(Provider.AWS));
      List<ExtractionJob> sent = schedule.sampleNow();

      assertThat(sent).extracting(ExtractionJob::accountId).containsExactlyInAnyOrder("orders-pg", "legacy-pg");
      List<ExtractionJob> queued = new ArrayList<>();
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        GetResponse r = ch.basicGet(topology.jobsQueue(Provider.AWS), true);
        if (r != null) {
          queued.add(codec.decodeJob(r.getBody()));
        }
        return queued.size() == 2;
      });
      assertThat(queued).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(queued).allSatisfy(j -> {
        assertThat(j.source()).isEqualTo(DbTelemetrySource.NAME);
        assertThat(j.part()).startsWith("sample-");
      });
      assertThat(schedule.sampleNow()).as("the same slot again: the same job ids")
          .extracting(ExtractionJob::jobId).containsExactlyInAnyOrderElementsOf(sent.stream().map(ExtractionJob::jobId)
              .toList());
      ch.queuePurge(topology.jobsQueue(Provider.AWS));
    }
  }

  @Test
  void sampleJobEventsAreNotTrackedAsPeriodJobs() throws Exception {
    YearMonth period = YearMonth.now(java.time.ZoneOffset.UTC);
    ExtractionJob sample = io.costfleet.dbtelemetry.DbTelemetryJobs.sampleJob(
        new io.costfleet.dbtelemetry.DbEndpoint("orders-pg", Provider.AWS, "arn:x", "jdbc:postgresql://h/db", null,
            null, null, null, null), Instant.now(), 5, Instant.now());
    ExtractionJob billing = ExtractionJob.of(Provider.AWS, "cost-explorer", "aws-acct-1", period, Dataset.AMORTIZED, 5,
        Instant.now());
    try (Connection c = Amqp.connect(); Channel ch = c.createChannel()) {
      for (ExtractionJob job : List.of(sample, billing)) {
        CloudEvent event = JobEventData.completed(job, "w1", 1, 0, 0)
            .toEvent(CloudEvent.JOB_COMPLETED, "/costfleet/worker-test", codec.mapper());
        ch.basicPublish(topology.eventsExchange(), event.routingKey(), new AMQP.BasicProperties.Builder()
            .contentType(WireCodec.CLOUDEVENTS_CONTENT_TYPE).build(), codec.encode(event));
      }
    }
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> api().get("/api/v1/jobs/" + billing.jobId()).statusCode() == 200);
    api().get("/api/v1/jobs/" + sample.jobId()).then().statusCode(404);
  }
}
