package io.costfleet.worker.gcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * FOCUS ServiceCategory of a Google Cloud service, by its {@code service.description}, from the
 * table {@code service-categories.tsv} beside this class. A service the table does not know is
 * {@code Other}: the category is descriptive, so an unknown service must not reject its costs.
 */
public final class GcpServiceCategories {
  static final String OTHER = "Other";

  private final Map<String, String> byService;

  private GcpServiceCategories(Map<String, String> byService) {
    this.byService = Map.copyOf(byService);
  }

  /** The bundled table. */
  public static GcpServiceCategories bundled() {
    try (InputStream in = GcpServiceCategories.class.getResourceAsStream("service-categories.tsv")) {
      if (in == null) {
        throw new IllegalStateException("service-categories.tsv is missing from the classpath");
      }
      Map<String, String> map = new HashMap<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
          throw new IllegalStateException("service-categories.tsv: no tab in line '" + line + "'");
        }
        map.put(line.substring(0, tab).strip().toLowerCase(java.util.Locale.ROOT), line.substring(tab + 1).strip());
      }
      return new GcpServiceCategories(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String categoryOf(String serviceDescription) {
    if (serviceDescription == null) {
      return OTHER;
    }
    return byService.getOrDefault(serviceDescription.strip().toLowerCase(java.util.Locale.ROOT), OTHER);
  }
}
