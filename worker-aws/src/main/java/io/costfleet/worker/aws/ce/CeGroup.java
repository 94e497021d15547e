package io.costfleet.worker.aws.ce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One group of a Cost Explorer {@code GetCostAndUsage} result, as received: the time period and
 * {@code Estimated} flag of its {@code ResultsByTime} entry, the response's
 * {@code GroupDefinitions} (what each of its {@code Keys} means), and the group's JSON
 * ({@code Keys}, {@code Metrics}). A result without GroupBy is read as one group with no keys, made
 * of its {@code Total}.
 *
 * @param start       {@code TimePeriod.Start} (inclusive), text as received
 * @param end         {@code TimePeriod.End} (exclusive), text as received
 * @param estimated   the result's {@code Estimated} flag
 * @param definitions the response's group definitions, in key order
 * @param group       the group object ({@code Keys}, {@code Metrics})
 */
public record CeGroup(String start, String end, boolean estimated, List<Definition> definitions, JsonNode group) {

  /** One GroupBy definition: {@code DIMENSION}, {@code TAG} or {@code COST_CATEGORY}, and its key. */
  public record Definition(String type, String key) {}

  public CeGroup {
    definitions = List.copyOf(definitions);
  }
}
