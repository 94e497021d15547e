package io.costfleet.close.allocation;

import java.util.Map;

/**
 * Stage 1: a tag whose (normalized) key names the cost center. With {@code values}, the tag value
 * is looked up there (case-insensitively); without, the value itself is the cost center.
 */
public record TagRule(String name, String key, Map<String, String> values, String businessUnit, Match match,
    Match unless, int line) {}
