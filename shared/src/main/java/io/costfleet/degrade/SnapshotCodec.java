package io.costfleet.degrade;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.WireCodec;

/** Snapshots as JSON (ISO dates, exact decimals), the form both stores keep them in. */
final class SnapshotCodec {
  private static final ObjectMapper JSON = WireCodec.newMapper()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private SnapshotCodec() {}

  static String encode(SpendSnapshot snapshot) {
    try {
      return JSON.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("snapshot " + snapshot.key() + " is not serializable", e);
    }
  }

  /** @throws IllegalStateException if the text is not a snapshot (a corrupt entry) */
  static SpendSnapshot decode(String json) {
    try {
      return JSON.readValue(json, SpendSnapshot.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored snapshot is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
