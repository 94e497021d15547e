package io.costfleet.worker.aws.ce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.RawRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the groups of a {@code GetCostAndUsage} JSON response (or of a bare {@code ResultsByTime}
 * array, as some published samples are) into raw records, each with its position
 * {@code page N result YYYY-MM-DD group i}. A response that is not JSON, or has no
 * {@code ResultsByTime}, is a {@link MalformedPayloadException}; a single odd group is left for
 * the normalizer to reject.
 */
public final class CeResponseReader {
  private final ObjectMapper json;

  public CeResponseReader(ObjectMapper json) {
    this.json = json;
  }

  /** The response's JSON tree. */
  public JsonNode parse(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new MalformedPayloadException("empty Cost Explorer response");
      }
      return node;
    } catch (IOException e) {
      throw new MalformedPayloadException("Cost Explorer response is not JSON: " + e.getMessage(), e);
    }
  }

  public List<RawRecord<CeGroup>> groups(JsonNode response, int page) {
    return groups(response, page, List.of());
  }

  /**
   * The groups of a response; {@code whenMissing} are the group definitions to assume when the
   * JSON has none (a bare {@code ResultsByTime} array saved without its request).
   */
  public List<RawRecord<CeGroup>> groups(JsonNode response, int page, List<CeGroup.Definition> whenMissing) {
    JsonNode results = response.isArray() ? response : response.get("ResultsByTime");
    if (results == null || !results.isArray()) {
      throw new MalformedPayloadException("Cost Explorer response has no ResultsByTime array");
    }
    List<CeGroup.Definition> definitions = new ArrayList<>();
    JsonNode defs = response.isArray() ? null : response.get("GroupDefinitions");
    if (defs != null && defs.isArray()) {
      for (JsonNode d : defs) {
        definitions.add(new CeGroup.Definition(d.path("Type").asText(null), d.path("Key").asText(null)));
      }
    }
    if (definitions.isEmpty()) {
      definitions.addAll(whenMissing);
    }
    List<RawRecord<CeGroup>> out = new ArrayList<>();
    for (JsonNode result : results) {
      String start = result.path("TimePeriod").path("Start").asText(null);
      String end = result.path("TimePeriod").path("End").asText(null);
      boolean estimated = result.path("Estimated").asBoolean(false);
      JsonNode groups = result.get("Groups");
      if (groups != null && groups.isArray() && !groups.isEmpty()) {
        int i = 0;
        for (JsonNode g : groups) {
          i++;
          out.add(new RawRecord<>("page " + page + " result " + start + " group " + i,
              new CeGroup(start, end, estimated, definitions, g)));
        }
      } else if (result.path("Total").size() > 0) {
        ObjectNode total = JsonNodeFactory.instance.objectNode();
        total.putArray("Keys");
        total.set("Metrics", result.get("Total"));
        out.add(new RawRecord<>("page " + page + " result " + start + " total",
            new CeGroup(start, end, estimated, definitions, total)));
      }
    }
    return out;
  }
}
