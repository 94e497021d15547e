package io.costfleet.redis;

/**
 * Redis glob matching ({@code KEYS}/{@code SCAN MATCH}): {@code *} any run of characters (colons
 * included), {@code ?} one character, {@code [abc]}, {@code [^a]}, {@code [a-z]} a class, {@code \x} a
 * literal. Lets the in-memory store list cursors exactly as
 * the Redis one does; {@link #escape} quotes a key prefix inside a pattern.
 */
public final class RedisGlob {
  private RedisGlob() {}

  public static boolean matches(String glob, String text) {
    return match(glob, 0, text, 0);
  }

  /** {@code literal} with every glob metacharacter escaped. */
  public static String escape(String literal) {
    StringBuilder b = new StringBuilder(literal.length());
    for (char c : literal.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^' || c == '-') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  private static boolean match(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      switch (c) {
        case '*' -> {
          while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
          }
          if (pi == p.length()) {
            return true;
          }
          for (int k = si; k <= s.length(); k++) {
            if (match(p, pi, s, k)) {
              return true;
            }
          }
          return false;
        }
        case '?' -> {
          if (si >= s.length()) {
            return false;
          }
          pi++;
          si++;
        }
        case '[' -> {
          if (si >= s.length()) {
            return false;
          }
          int end = classEnd(p, pi);
          if (end < 0) {
            if (s.charAt(si) != '[') {
              return false;
            }
            pi++;
            si++;
          } else {
            if (!inClass(p, pi + 1, end, s.charAt(si))) {
              return false;
            }
            pi = end + 1;
            si++;
          }
        }
        case '\\' -> {
          char lit = pi + 1 < p.length() ? p.charAt(++pi) : '\\';
          if (si >= s.length() || s.charAt(si) != lit) {
            return false;
          }
          pi++;
          si++;
        }
        default -> {
          if (si >= s.length() || s.charAt(si) != c) {
            return false;
          }
          pi++;
          si++;
        }
      }
    }
    return si == s.length();
  }

  private static int classEnd(String p, int open) {
    int i = open + 1;
    if (i < p.length() && p.charAt(i) == '^') {
      i++;
    }
    for (; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ']') {
        return i;
      }
    }
    return -1;
  }

  private static boolean inClass(String p, int from, int end, char ch) {
    boolean negate = from < end && p.charAt(from) == '^';
    int i = negate ? from + 1 : from;
    boolean hit = false;
    while (i < end) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < end) {
        hit |= p.charAt(i + 1) == ch;
        i += 2;
      } else if (i + 2 < end && p.charAt(i + 1) == '-') {
        char lo = c;
        char hi = p.charAt(i + 2);
        if (lo > hi) {
          char t = lo;
          lo = hi;
          hi = t;
        }
        hit |= ch >= lo && ch <= hi;
        i += 3;
      } else {
        hit |= c == ch;
        i++;
      }
    }
    return negate != hit;
  }
}
