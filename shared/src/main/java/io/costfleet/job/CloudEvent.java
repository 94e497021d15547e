package io.costfleet.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode, as published on {@code costfleet.events}.
 * The AMQP routing key is {@link #routingKey()} (the type without its {@code io.costfleet.} prefix).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
    String specversion,
    String id,
    String source,
    String type,
    String subject,
    Instant time,
    String datacontenttype,
    JsonNode data) {

  public static final String TYPE_PREFIX = "io.costfleet.";
  public static final String JOB_COMPLETED = TYPE_PREFIX + "job.completed";
  public static final String JOB_FAILED = TYPE_PREFIX + "job.failed";
  public static final String JOB_STARTED = TYPE_PREFIX + "job.started";
  public static final String PERIOD_CLOSED = TYPE_PREFIX + "period.closed";
  public static final String BUDGET_BREACHED = TYPE_PREFIX + "budget.breached";
  /** A provider reports a new version of a period's data (data: {@link RestatementData}). */
  public static final String SOURCE_RESTATED = TYPE_PREFIX + "source.restated";

  public CloudEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    if (specversion == null) {
      specversion = "1.0";
    }
    if (datacontenttype == null) {
      datacontenttype = "application/json";
    }
  }

  /** A new event with a random id, now. */
  public static CloudEvent of(String source, String type, String subject, JsonNode data) {
    return new CloudEvent("1.0", UUID.randomUUID().toString(), source, type, subject, Instant.now(), null, data);
  }

  /** An event whose id is given (for idempotent events such as one breach per threshold and period). */
  public static CloudEvent withId(String id, String source, String type, String subject, JsonNode data) {
    return new CloudEvent("1.0", id, source, type, subject, Instant.now(), null, data);
  }

  public String routingKey() {
    return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
  }
}
