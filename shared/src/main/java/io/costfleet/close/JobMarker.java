package io.costfleet.close;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What the close reads of a job's completion marker ({@code _SUCCESS.json} in the job's staging
 * directory, written by the runner once every page is durable): which slice of the source the job
 * covered, its generation, and how many rows it staged. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobMarker(String jobId, String source, LocalDate windowStart, LocalDate windowEnd, String part,
    int generation, Long rows) {

  /** File name of the marker in a job directory. */
  public static final String FILE_NAME = "_SUCCESS.json";

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** What a later generation supersedes: the same source, window and part of the same partition. */
  public String sliceKey() {
    return source + "|" + windowStart + "|" + windowEnd + "|" + (part == null ? "" : part);
  }

  public static Optional<JobMarker> read(Path jobDir) throws IOException {
    Path f = jobDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(f.toFile(), JobMarker.class));
  }
}
