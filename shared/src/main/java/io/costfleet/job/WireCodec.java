package io.costfleet.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.costfleet.source.PoisonMessageException;
import java.io.IOException;

/**
 * The one JSON codec of the wire contract, used by the dispatcher and the workers alike:
 * {@link ExtractionJob} and {@link CloudEvent}. A payload that cannot be decoded is a
 * {@link PoisonMessageException} (permanent: it goes to the dead-letter queue, never retried).
 */
public final class WireCodec {
  public static final String CONTENT_TYPE = "application/json";
  public static final String CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json";

  private final ObjectMapper mapper;

  public WireCodec() {
    this.mapper = newMapper();
  }

  /** An ObjectMapper configured like the wire (ISO instants, unknown properties ignored). */
  public static ObjectMapper newMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public byte[] encode(ExtractionJob job) {
    return write(job);
  }

  public ExtractionJob decodeJob(byte[] body) {
    return read(body, ExtractionJob.class);
  }

  public byte[] encode(CloudEvent event) {
    return write(event);
  }

  public CloudEvent decodeEvent(byte[] body) {
    return read(body, CloudEvent.class);
  }

  private byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  private <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw new PoisonMessageException("empty " + type.getSimpleName() + " payload");
    }
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        throw new PoisonMessageException("null " + type.getSimpleName() + " payload");
      }
      return value;
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new PoisonMessageException("cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
