package io.costfleet.close.reconcile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.WireCodec;
import io.costfleet.sim.GroundTruth;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Provider totals from a {@link GroundTruth} JSON document: the one a provider simulator serves at
 * {@code GET /_sim/truth}, or the same JSON in a file.
 */
public final class GroundTruthTotals implements ProviderTotals {
  private static final ObjectMapper JSON = WireCodec.newMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final String description;
  private final Loader loader;

  @FunctionalInterface
  private interface Loader {
    InputStream open() throws IOException;
  }

  private GroundTruthTotals(String description, Loader loader) {
    this.description = description;
    this.loader = loader;
  }

  /** Reads {@code <baseUrl>/_sim/truth} (or the URL as given when it already ends with {@code /_sim/truth}). */
  public static GroundTruthTotals fromSimulator(URI baseUrl) {
    String s = baseUrl.toString();
    URI truth = URI.create(s.endsWith("/_sim/truth") ? s : s.replaceAll("/+$", "") + "/_sim/truth");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return new GroundTruthTotals("simulator ground truth " + truth, () -> {
      HttpRequest req = HttpRequest.newBuilder(truth).timeout(Duration.ofSeconds(30)).GET().build();
      try {
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
          resp.body().close();
          throw new IOException("GET " + truth + " answered HTTP " + resp.statusCode());
        }
        return resp.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading " + truth, e);
      }
    });
  }

  /** Reads a GroundTruth JSON file. */
  public static GroundTruthTotals fromFile(Path file) {
    return new GroundTruthTotals("ground truth file " + file.getFileName(), () -> Files.newInputStream(file));
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public List<ProviderTotal> totals(YearMonth period) throws IOException {
    GroundTruth truth;
    try (InputStream in = loader.open()) {
      truth = JSON.readValue(in, GroundTruth.class);
    }
    List<ProviderTotal> out = new ArrayList<>();
    if (truth.entries() == null) {
      return out;
    }
    for (GroundTruth.Entry e : truth.entries()) {
      if (period.toString().equals(e.period())) {
        out.add(new ProviderTotal(e.provider(), e.account(), e.dataset(), null, e.currency(), e.billedCost(),
            e.effectiveCost()));
      }
    }
    return out;
  }
}
