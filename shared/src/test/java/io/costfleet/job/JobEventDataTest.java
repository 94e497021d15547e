package io.costfleet.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.PoisonMessageException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class JobEventDataTest {
  private final WireCodec codec = new WireCodec();
  private final ExtractionJob job = ExtractionJob.of(Provider.GCP, "bigquery", "01A2B3-C4D5E6-F7G8H9",
      YearMonth.of(2026, 10), Dataset.USAGE, Priority.MONTH_END, Instant.parse("2026-11-03T06:00:00Z"));

  @Test
  void completedEventCarriesTheJobAndCountsOverTheWire() {
    CloudEvent event = JobEventData.completed(job, "worker-gcp-1", 12, 34_567, 3)
        .toEvent(CloudEvent.JOB_COMPLETED, "/costfleet/worker-gcp", codec.mapper());
    String json = new String(codec.encode(event), StandardCharsets.UTF_8);
    assertThat(json).contains("\"type\":\"io.costfleet.job.completed\"").contains("\"subject\":\"" + job.jobId())
        .contains("\"rows\":34567").doesNotContain("exceptionClass");
    CloudEvent back = codec.decodeEvent(json.getBytes(StandardCharsets.UTF_8));
    assertThat(back.routingKey()).isEqualTo("job.completed");
    JobEventData data = JobEventData.of(back, codec.mapper());
    assertThat(data.job()).isEqualTo(job);
    assertThat(data.rows()).isEqualTo(34_567L);
    assertThat(data.deadLettered()).isNull();
  }

  @Test
  void failedEventNamesTheErrorAndWhetherItWasDeadLettered() {
    JobEventData failed = JobEventData.failed(job, "w", DeadLetterHeaders.Stage.NORMALIZE,
        new MalformedPayloadException("bad row"), true);
    JobEventData back = JobEventData.of(failed.toEvent(CloudEvent.JOB_FAILED, "/w", codec.mapper()), codec.mapper());
    assertThat(back.exceptionClass()).isEqualTo(MalformedPayloadException.class.getName());
    assertThat(back.exceptionMessage()).isEqualTo("bad row");
    assertThat(back.deadLettered()).isTrue();
  }

  @Test
  void aMinimalEventNeedsOnlyTheJobId() {
    JsonNode data = codec.mapper().createObjectNode().put("jobId", "aws-123");
    JobEventData minimal = JobEventData.of(CloudEvent.of("/x", CloudEvent.JOB_STARTED, "aws-123", data),
        codec.mapper());
    assertThat(minimal.jobId()).isEqualTo("aws-123");
    assertThat(minimal.job()).isNull();
  }

  @Test
  void eventsWithoutUsableDataArePoison() {
    assertThatThrownBy(() -> JobEventData.of(CloudEvent.of("/x", CloudEvent.JOB_STARTED, "s", null), codec.mapper()))
        .isInstanceOf(PoisonMessageException.class);
    JsonNode noId = codec.mapper().createObjectNode().put("worker", "w");
    assertThatThrownBy(() -> JobEventData.of(CloudEvent.of("/x", CloudEvent.JOB_STARTED, "s", noId), codec.mapper()))
        .isInstanceOf(PoisonMessageException.class);
    JsonNode mismatch = codec.mapper().createObjectNode().put("jobId", "gcp-0").set("job",
        codec.mapper().valueToTree(job));
    assertThatThrownBy(() -> JobEventData.of(CloudEvent.of("/x", CloudEvent.JOB_STARTED, "s", mismatch),
        codec.mapper())).isInstanceOf(PoisonMessageException.class);
  }

  @Test
  void restatementRoundTrips() {
    RestatementData r = new RestatementData(Provider.AWS, "cur", "123456789012", YearMonth.of(2026, 10),
        "assembly-42", "new CUR assembly");
    CloudEvent e = r.toEvent("/costfleet/worker-aws", codec.mapper());
    assertThat(e.routingKey()).isEqualTo("source.restated");
    assertThat(RestatementData.of(codec.decodeEvent(codec.encode(e)), codec.mapper())).isEqualTo(r);
  }
}
