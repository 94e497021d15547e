package io.costfleet.worker.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the JSON objects Azure exports put in a CSV cell ({@code Tags}, {@code AdditionalInfo}):
 * with or without the outer braces ({@code "env": "prod","org": "trey"} is an EA export quirk),
 * padded with blanks or not.
 */
final class AzureJsonObjects {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AzureJsonObjects() {}

  /** The parsed object, or null for a blank cell (or a cell holding just {@code ""}). */
  static JsonNode parse(String text) throws JsonProcessingException {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (t.isEmpty() || t.equals("\"\"") || t.equals("{}")) {
      return null;
    }
    String body = t.startsWith("{") ? t : "{" + t + "}";
    JsonNode node = JSON.readTree(body);
    if (node == null || !node.isObject()) {
      throw new JsonProcessingException("not a JSON object: " + abbreviate(t)) {};
    }
    return node;
  }

  /** A JSON object of tags as a sorted map; non-text values keep their JSON text. */
  static Map<String, String> tags(String text) throws JsonProcessingException {
    JsonNode node = parse(text);
    if (node == null) {
      return null;
    }
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      out.put(e.getKey(), v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
    }
    return out;
  }

  /** One text field of an object cell, or null; an unreadable cell gives null (the field is informational). */
  static String field(String text, String name) {
    try {
      JsonNode node = parse(text);
      JsonNode v = node == null ? null : node.get(name);
      return v == null || v.isNull() ? null : v.asText();
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
