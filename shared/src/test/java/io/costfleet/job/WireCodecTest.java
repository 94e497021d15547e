package io.costfleet.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.source.PoisonMessageException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private final WireCodec codec = new WireCodec();

  private static ExtractionJob job(int priority, Instant at) {
    return ExtractionJob.of(Provider.AWS, "cost-explorer", "123456789012", YearMonth.of(2026, 10), Dataset.USAGE,
        priority, at);
  }

  @Test
  void jobIdDependsOnIdentityOnly() {
    ExtractionJob a = job(1, Instant.parse("2026-11-01T00:00:00Z"));
    ExtractionJob b = job(9, Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(a.jobId()).isEqualTo(b.jobId()).startsWith("aws-");
    assertThat(a.nextAttempt().jobId()).isEqualTo(a.jobId());
    ExtractionJob other = ExtractionJob.of(Provider.AWS, "cost-explorer", "123456789012", YearMonth.of(2026, 10),
        Dataset.AMORTIZED, 1, Instant.EPOCH);
    assertThat(other.jobId()).isNotEqualTo(a.jobId());
    ExtractionJob regenerated = ExtractionJob.of(Provider.AWS, "cost-explorer", "123456789012",
        YearMonth.of(2026, 10), Dataset.USAGE, null, null, 1, 1, Instant.EPOCH);
    assertThat(regenerated.jobId()).isNotEqualTo(a.jobId());
  }

  @Test
  void roundTripsAJob() {
    ExtractionJob job = job(5, Instant.parse("2026-11-01T10:15:30Z")).nextAttempt();
    String json = new String(codec.encode(job), StandardCharsets.UTF_8);
    assertThat(json).contains("\"billingPeriod\":\"2026-10\"").contains("\"provider\":\"aws\"")
        .contains("\"window\":{\"start\":\"2026-10-01\",\"end\":\"2026-11-01\"}");
    assertThat(codec.decodeJob(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(job);
    assertThat(job.routingKey()).isEqualTo("aws.cost-explorer.123456789012.2026-10");
  }

  @Test
  void undecodablePayloadsArePoison() {
    assertThatThrownBy(() -> codec.decodeJob("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(PoisonMessageException.class);
    assertThatThrownBy(() -> codec.decodeJob(new byte[0])).isInstanceOf(PoisonMessageException.class);
    String tampered = new String(codec.encode(job(1, Instant.EPOCH)), StandardCharsets.UTF_8)
        .replace("\"accountId\":\"123456789012\"", "\"accountId\":\"999\"");
    assertThatThrownBy(() -> codec.decodeJob(tampered.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(PoisonMessageException.class).hasMessageContaining("does not match");
  }

  @Test
  void cloudEventsRoundTrip() {
    var data = codec.mapper().createObjectNode().put("jobId", "aws-1");
    CloudEvent e = CloudEvent.of("/costfleet/worker-aws", CloudEvent.JOB_COMPLETED, "aws-1", data);
    CloudEvent back = codec.decodeEvent(codec.encode(e));
    assertThat(back).isEqualTo(e);
    assertThat(back.specversion()).isEqualTo("1.0");
    assertThat(e.routingKey()).isEqualTo("job.completed");
  }
}
