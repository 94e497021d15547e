package io.costfleet.staging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.costfleet.validation.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes rejected records as JSON lines: one object per record with its position in the source,
 * the raw record as received, and every violation.
 */
public final class QuarantineWriter {

  /** One quarantined record. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(String jobId, String source, String position, String raw, List<Violation> violations) {}

  private final ObjectMapper json = new ObjectMapper();

  /** Writes the entries atomically to {@code target} (nothing is written for an empty list). */
  public void write(Path target, List<Entry> entries) throws IOException {
    if (entries.isEmpty()) {
      return;
    }
    AtomicFiles.writeStream(target, out -> {
      try (SequenceWriter w = json.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .withRootValueSeparator("\n").writeValues(out)) {
        for (Entry e : entries) {
          w.write(e);
        }
      }
      out.write("\n".getBytes(StandardCharsets.UTF_8));
    });
  }

  /** Reads a quarantine file back. */
  public List<Entry> read(Path file) throws IOException {
    try (var it = json.readerFor(Entry.class).<Entry>readValues(file.toFile())) {
      return it.readAll();
    }
  }
}
