package io.costfleet.dbtelemetry;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a storage quota such as {@code 50GB}, {@code 512MB}, {@code 1.5T} or {@code 1048576}: 1024-based
 * units (B, KB, MB, GB, TB, PB, with or without the B; KiB etc. too), the same as Spring's {@code DataSize},
 * so the workers and the dispatcher read one configuration the same way.
 */
public final class ByteSizes {
  private static final Pattern SIZE = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)\\s*([KMGTP]?)(I?B)?\\s*$");

  private ByteSizes() {}

  /** @throws IllegalArgumentException if the text is not a size */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 50GB, 512MB, 1048576)");
    }
    int power = m.group(2).isEmpty() ? 0 : "KMGTP".indexOf(m.group(2)) + 1;
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
    return bytes.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
  }
}
