package io.costfleet.close.allocation;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Tag key normalization: lower case, trimmed, runs of whitespace, hyphens and dots become one
 * {@code _}. {@code "Cost Center"}, {@code " COST-CENTER "} and {@code cost_center} are one key.
 */
public final class TagKeys {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.]+");

  private TagKeys() {}

  public static String normalize(String key) {
    return SEPARATORS.matcher(key.trim().toLowerCase(Locale.ROOT)).replaceAll("_");
  }

  /**
   * Tags with normalized keys and trimmed values. When two raw keys normalize alike, the one that
   * sorts first wins, so the result does not depend on map order.
   */
  public static Map<String, String> normalizeAll(Map<String, String> tags) {
    Map<String, String> out = new TreeMap<>();
    new TreeMap<>(tags).forEach((k, v) -> {
      if (k != null && v != null) {
        out.putIfAbsent(normalize(k), v.trim());
      }
    });
    return out;
  }
}
