package io.costfleet.dbtelemetry;

import java.nio.file.Path;

/**
 * The schema of an InnoDB data file: the name of its directory directly under the data directory,
 * decoded from MySQL's file-name encoding ({@code @002d} is {@code -}). Files elsewhere (the system
 * tablespace, undo and temporary tablespaces) belong to no schema.
 */
final class MySqlFileNames {
  private MySqlFileNames() {}

  static String schemaOf(String file, String datadir) {
    if (file == null || datadir == null) {
      return null;
    }
    Path f = Path.of(file).normalize();
    Path d = Path.of(datadir).normalize();
    if (!f.startsWith(d) || d.relativize(f).getNameCount() != 2) {
      return null;
    }
    return decode(d.relativize(f).getName(0).toString());
  }

  static String decode(String encoded) {
    StringBuilder sb = new StringBuilder(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char ch = encoded.charAt(i);
      if (ch == '@' && isHex(encoded, i + 1, 4)) {
        sb.append((char) Integer.parseInt(encoded.substring(i + 1, i + 5), 16));
        i += 4;
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  private static boolean isHex(String s, int from, int n) {
    if (from + n > s.length()) {
      return false;
    }
    for (int i = from; i < from + n; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
