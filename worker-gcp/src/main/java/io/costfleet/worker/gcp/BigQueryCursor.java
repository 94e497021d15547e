package io.costfleet.worker.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.source.MalformedPayloadException;
import java.io.IOException;

/**
 * Where an extraction stands in BigQuery: the query job whose results are being read, its
 * location, and the page token of the next page of its results. Stored as the job's cursor token
 * (compact JSON), so a restarted worker resumes on the same result set.
 */
record BigQueryCursor(String jobId, String location, String pageToken) {
  private static final ObjectMapper JSON = new ObjectMapper();

  String encode() {
    return JSON.createObjectNode().put("v", 1).put("job", jobId).put("location", location).put("page", pageToken)
        .toString();
  }

  static BigQueryCursor decode(String token) {
    try {
      JsonNode n = JSON.readTree(token);
      if (n.path("v").asInt() != 1 || !n.hasNonNull("job") || !n.hasNonNull("page")) {
        throw new MalformedPayloadException("not a BigQuery cursor token: " + token);
      }
      return new BigQueryCursor(n.get("job").asText(), n.path("location").asText(null), n.get("page").asText());
    } catch (IOException e) {
      throw new MalformedPayloadException("not a BigQuery cursor token: " + token, e);
    }
  }
}
