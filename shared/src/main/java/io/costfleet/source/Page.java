package io.costfleet.source;

import java.util.List;
import java.util.Map;

/**
 * One page fetched from a source: its raw records, the raw payload to archive for audit, and the
 * token of the next page ({@code null} when this was the last).
 *
 * @param records     the page's records, in source order
 * @param rawPayload  the bytes as received (archived gzip-compressed); may be empty for streamed files
 * @param rawFormat   file extension of the payload: {@code json} or {@code csv}
 * @param nextToken   the cursor token of the next page, or null
 * @param metadata    facts about the page a runner may log or record (e.g. {@code estimated=true})
 * @param <T>         the raw record type
 */
public record Page<T>(List<RawRecord<T>> records, byte[] rawPayload, String rawFormat, String nextToken,
    Map<String, String> metadata) {

  public Page {
    records = List.copyOf(records);
    rawPayload = rawPayload == null ? new byte[0] : rawPayload;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public boolean last() {
    return nextToken == null;
  }
}
