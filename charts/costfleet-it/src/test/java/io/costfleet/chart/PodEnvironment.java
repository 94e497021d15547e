package io.costfleet.chart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it from the rendered {@code env} list: literal
 * values with {@code $(VAR)} expanded from variables defined before them ({@code $$} escapes),
 * {@code secretKeyRef} read from the given Secrets, {@code fieldRef} from the given pod fields.
 */
final class PodEnvironment {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private PodEnvironment() {}

  static Map<String, String> resolve(List<Object> env, Map<String, Map<String, String>> secrets,
      Map<String, String> fields) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Object item : env) {
      Map<String, Object> e = ChartRender.cast(item);
      String name = (String) e.get("name");
      if (e.containsKey("value")) {
        out.put(name, expand(String.valueOf(e.get("value")), out));
      } else {
        Map<String, Object> from = ChartRender.map(e, "valueFrom");
        if (from.containsKey("secretKeyRef")) {
          Map<String, Object> ref = ChartRender.map(from, "secretKeyRef");
          Map<String, String> secret = secrets.get((String) ref.get("name"));
          String value = secret == null ? null : secret.get((String) ref.get("key"));
          if (value == null) {
            throw new AssertionError(name + " refers to Secret " + ref.get("name") + " key " + ref.get("key")
                + ", which the test does not hold: " + secrets.keySet());
          }
          out.put(name, value);
        } else if (from.containsKey("fieldRef")) {
          String path = (String) ChartRender.map(from, "fieldRef").get("fieldPath");
          out.put(name, fields.getOrDefault(path, ""));
        } else {
          throw new AssertionError(name + ": unsupported valueFrom " + from.keySet());
        }
      }
    }
    return out;
  }

  private static String expand(String value, Map<String, String> defined) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        replacement = defined.getOrDefault(m.group(1), m.group());
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
