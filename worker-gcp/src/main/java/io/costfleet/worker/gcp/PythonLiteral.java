package io.costfleet.worker.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Parses the Python {@code repr} of lists and dicts that flattened billing exports carry in their
 * repeated columns ({@code [{'key': 'env', 'value': None}]}), and plain JSON, into Jackson nodes.
 * Strings take single or double quotes with backslash escapes; {@code None}/{@code null},
 * {@code True}/{@code true}, {@code False}/{@code false}; numbers stay exact decimals; tuples read
 * as lists. Anything else is an {@link IllegalArgumentException} naming the offset.
 */
public final class PythonLiteral {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final String text;
  private int pos;

  private PythonLiteral(String text) {
    this.text = text;
  }

  /** The value of {@code text}, which must hold exactly one literal (surrounding blanks allowed). */
  public static JsonNode parse(String text) {
    PythonLiteral p = new PythonLiteral(text);
    JsonNode value = p.value();
    p.skipBlanks();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return value;
  }

  private JsonNode value() {
    skipBlanks();
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '[' -> sequence(']');
      case '(' -> sequence(')');
      case '{' -> dict();
      case '\'', '"' -> NODES.textNode(string());
      default -> c == '-' || c == '+' || c == '.' || Character.isDigit(c) ? number() : word();
    };
  }

  private ArrayNode sequence(char close) {
    pos++;
    ArrayNode array = NODES.arrayNode();
    skipBlanks();
    if (peek(close)) {
      pos++;
      return array;
    }
    while (true) {
      array.add(value());
      skipBlanks();
      if (peek(',')) {
        pos++;
        skipBlanks();
        if (peek(close)) {
          pos++;
          return array;
        }
        continue;
      }
      expect(close);
      return array;
    }
  }

  private ObjectNode dict() {
    pos++;
    ObjectNode object = NODES.objectNode();
    skipBlanks();
    if (peek('}')) {
      pos++;
      return object;
    }
    while (true) {
      skipBlanks();
      JsonNode key = value();
      if (!key.isTextual() && !key.isNumber()) {
        throw error("dict keys must be strings or numbers");
      }
      skipBlanks();
      expect(':');
      object.set(key.asText(), value());
      skipBlanks();
      if (peek(',')) {
        pos++;
        skipBlanks();
        if (peek('}')) {
          pos++;
          return object;
        }
        continue;
      }
      expect('}');
      return object;
    }
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        break;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case '0' -> sb.append('\0');
        case 'x' -> sb.append((char) hex(2));
        case 'u' -> sb.append((char) hex(4));
        case 'U' -> sb.appendCodePoint(hex(8));
        default -> sb.append(e);
      }
    }
    throw error("unterminated string");
  }

  private int hex(int digits) {
    if (pos + digits > text.length()) {
      throw error("short escape");
    }
    try {
      int v = Integer.parseInt(text.substring(pos, pos + digits), 16);
      pos += digits;
      return v;
    } catch (NumberFormatException e) {
      throw error("bad escape");
    }
  }

  private JsonNode number() {
    int start = pos;
    while (pos < text.length() && "+-.0123456789eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String n = text.substring(start, pos);
    try {
      return NODES.numberNode(new BigDecimal(n.startsWith("+") ? n.substring(1) : n));
    } catch (NumberFormatException e) {
      pos = start;
      throw error("bad number '" + n + "'");
    }
  }

  private JsonNode word() {
    int start = pos;
    while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
      pos++;
    }
    String w = text.substring(start, pos);
    return switch (w) {
      case "None", "null" -> NODES.nullNode();
      case "True", "true" -> NODES.booleanNode(true);
      case "False", "false" -> NODES.booleanNode(false);
      default -> {
        pos = start;
        throw error(w.isEmpty() ? "unexpected character '" + text.charAt(pos) + "'" : "unknown word '" + w + "'");
      }
    };
  }

  private void skipBlanks() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + pos);
  }
}
