package io.costfleet.worker.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.source.FieldReader;
import io.costfleet.source.csv.CsvRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the nested row shape of the BigQuery export from flattened forms, and lists the dotted
 * column names of a nested row. A flattened CSV names nested fields with dots
 * ({@code service.description}) and carries repeated fields as Python or JSON list literals; those
 * parse into arrays, and a literal that does not parse stays text, which the normalizer reports.
 */
public final class GcpExportRows {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private GcpExportRows() {}

  /** A JSON mapper that keeps decimal numbers exact. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .setNodeFactory(NODES);
  }

  /** The nested row of a flattened CSV row. Blank cells are absent. */
  public static ObjectNode fromCsv(CsvRow row) {
    ObjectNode out = NODES.objectNode();
    List<String> names = row.header().names();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String text = FieldReader.text(row.get(i));
      if (name.isEmpty() || text == null) {
        continue;
      }
      JsonNode value = NODES.textNode(text);
      if (GcpExportColumns.REPEATED.contains(name) && (text.startsWith("[") || text.startsWith("("))) {
        try {
          value = PythonLiteral.parse(text);
        } catch (IllegalArgumentException unparsable) {
          // kept as text: GcpRowReader reports "is not a list" with the value
        }
      }
      put(out, name, value);
    }
    return out;
  }

  private static void put(ObjectNode root, String dotted, JsonNode value) {
    ObjectNode node = root;
    int start = 0;
    for (int dot = dotted.indexOf('.'); dot >= 0; dot = dotted.indexOf('.', start)) {
      String step = dotted.substring(start, dot);
      JsonNode child = node.get(step);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(step);
      }
      node = (ObjectNode) child;
      start = dot + 1;
    }
    node.set(dotted.substring(start), value);
  }

  /** The dotted names of the leaf and repeated columns of a nested row. */
  public static List<String> columns(JsonNode row) {
    List<String> out = new ArrayList<>();
    collect(row, "", out);
    return out;
  }

  private static void collect(JsonNode node, String prefix, List<String> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String name = prefix + e.getKey();
      if (e.getValue().isObject() && !GcpExportColumns.REPEATED.contains(name)) {
        collect(e.getValue(), name + ".", out);
      } else {
        out.add(name);
      }
    }
  }
}
