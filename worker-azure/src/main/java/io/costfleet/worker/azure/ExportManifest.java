package io.costfleet.worker.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.source.MalformedPayloadException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The {@code manifest.json} Cost Management writes beside each export run (Exports v2): the run's
 * data files and, where present, their row counts and the run's id and submission time. The
 * result body of the Cost Details API, which lists its files the same way, is read too.
 *
 * @param path          the manifest's own blob name
 * @param runId         {@code runInfo.runId}, else the run folder's name
 * @param submittedTime {@code runInfo.submittedTime}, or null
 * @param blobs         the data files, in order
 */
public record ExportManifest(String path, String runId, Instant submittedTime, List<Blob> blobs) {

  /**
   * One data file of the run.
   *
   * @param name         container-relative blob name
   * @param dataRowCount data rows (without the header), if the manifest says
   */
  public record Blob(String name, OptionalLong dataRowCount) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public ExportManifest {
    blobs = List.copyOf(blobs);
  }

  /**
   * Parses a manifest.
   *
   * @throws MalformedPayloadException if it is not JSON or lists no blob names
   */
  public static ExportManifest parse(String path, byte[] content) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (IOException e) {
      throw new MalformedPayloadException("export manifest " + path + " is not JSON: " + e.getMessage(), e);
    }
    if (root != null && root.path("manifest").isObject() && !root.has("blobs")) {
      return costDetailsReport(path, root);
    }
    if (root == null || !root.path("blobs").isArray()) {
      throw new MalformedPayloadException("export manifest " + path + " has no blobs array");
    }
    List<Blob> blobs = new ArrayList<>();
    for (JsonNode b : root.path("blobs")) {
      String name = b.path("blobName").asText("");
      if (name.isBlank()) {
        throw new MalformedPayloadException("export manifest " + path + " lists a blob without a blobName");
      }
      blobs.add(new Blob(name, b.path("dataRowCount").isIntegralNumber()
          ? OptionalLong.of(b.path("dataRowCount").asLong()) : OptionalLong.empty()));
    }
    JsonNode run = root.path("runInfo");
    String folder = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    String runId = run.path("runId").asText(folder.substring(folder.lastIndexOf('/') + 1));
    Instant submitted = null;
    if (run.hasNonNull("submittedTime")) {
      try {
        submitted = Instant.parse(run.path("submittedTime").asText());
      } catch (DateTimeParseException e) {
        throw new MalformedPayloadException("export manifest " + path + " has an unreadable runInfo.submittedTime '"
            + run.path("submittedTime").asText() + "'", e);
      }
    }
    return new ExportManifest(path, runId, submitted, blobs);
  }

  /**
   * The result of the Cost Details API ({@code generateCostDetailsReport}): {@code manifest.blobs[].blobLink}
   * URLs; the blob name is the link's path after its container (the SAS query is not used: the reader
   * authenticates with its own credential).
   */
  private static ExportManifest costDetailsReport(String path, JsonNode root) {
    List<Blob> blobs = new ArrayList<>();
    for (JsonNode b : root.path("manifest").path("blobs")) {
      String link = b.path("blobLink").asText("");
      String blobPath;
      try {
        blobPath = java.net.URI.create(link).getPath();
      } catch (IllegalArgumentException e) {
        throw new MalformedPayloadException("cost details report " + path + " has an unreadable blobLink", e);
      }
      int second = blobPath == null ? -1 : blobPath.indexOf('/', 1);
      if (second < 0 || second == blobPath.length() - 1) {
        throw new MalformedPayloadException("cost details report " + path + " has a blobLink without a blob: " + link);
      }
      blobs.add(new Blob(blobPath.substring(second + 1), OptionalLong.empty()));
    }
    if (blobs.isEmpty()) {
      throw new MalformedPayloadException("cost details report " + path + " lists no blob");
    }
    return new ExportManifest(path, root.path("name").asText(path), null, blobs);
  }

  /** The data version of the run, for restatement order: {@code run:<id>@<submitted time>}. */
  public String sourceVersion() {
    return "run:" + runId + (submittedTime == null ? "" : "@" + submittedTime);
  }
}
