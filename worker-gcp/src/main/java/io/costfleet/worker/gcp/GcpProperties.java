package io.costfleet.worker.gcp;

import com.google.cloud.ServiceOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the BigQuery billing export source ({@code costfleet.gcp.*}). Checked at
 * start-up; a bad value fails the start naming its key.
 *
 * @param projectId       the project query jobs run in (and are billed to); blank: {@code GOOGLE_CLOUD_PROJECT} or
 *                        the credentials' project
 * @param location        BigQuery location of the export dataset ({@code US}, {@code EU}, a region)
 * @param host            endpoint override ({@code http://127.0.0.1:9050} for the simulator); blank for Google
 * @param credentials     {@code adc} (Application Default Credentials) or {@code none} (simulator)
 * @param pageSize        rows per page (one page = one staging file)
 * @param lateDays        days after the period's last window whose partitions are read for late rows
 * @param accounts        billing accounts and their export tables
 */
@ConfigurationProperties("costfleet.gcp")
public record GcpProperties(
    String projectId,
    @DefaultValue("US") String location,
    String host,
    @DefaultValue("adc") String credentials,
    @DefaultValue("10000") int pageSize,
    @DefaultValue("6") int lateDays,
    List<Account> accounts) {

  private static final Pattern BILLING_ACCOUNT = Pattern.compile("[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}");
  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");

  /**
   * One billing account ({@code costfleet.gcp.accounts[i].*}).
   *
   * @param id          billing account id, {@code XXXXXX-XXXXXX-XXXXXX}
   * @param table       its export table {@code project.dataset.table} (standard or detailed), or a view over it
   * @param partitioned whether {@code _PARTITIONTIME} may be used (false for a view that hides it)
   */
  public record Account(String id, String table, @DefaultValue("true") boolean partitioned) {}

  public GcpProperties {
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    if (projectId == null || projectId.isBlank()) {
      projectId = ServiceOptions.getDefaultProjectId();
      if (projectId == null) {
        throw new IllegalArgumentException("costfleet.gcp.project-id is required (or GOOGLE_CLOUD_PROJECT, or a"
            + " project in the Application Default Credentials)");
      }
    }
    if (!PROJECT.matcher(projectId).matches()) {
      throw new IllegalArgumentException("costfleet.gcp.project-id must be a Google Cloud project id, was '"
          + projectId + "'");
    }
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("costfleet.gcp.location must not be blank");
    }
    if (host != null && !host.isBlank() && !isHttpUrl(host)) {
      throw new IllegalArgumentException("costfleet.gcp.host must be an http(s) URL, was '" + host + "'");
    }
    if (!"adc".equals(credentials) && !"none".equals(credentials)) {
      throw new IllegalArgumentException("costfleet.gcp.credentials must be adc or none, was '" + credentials + "'");
    }
    if (pageSize < 1 || pageSize > 100_000) {
      throw new IllegalArgumentException("costfleet.gcp.page-size must be between 1 and 100000, was " + pageSize);
    }
    if (lateDays < 0 || lateDays > 62) {
      throw new IllegalArgumentException("costfleet.gcp.late-days must be between 0 and 62, was " + lateDays);
    }
    Map<String, BillingExportTable> seen = new HashMap<>();
    for (int i = 0; i < accounts.size(); i++) {
      Account a = accounts.get(i);
      String key = "costfleet.gcp.accounts[" + i + "]";
      if (a.id() == null || !BILLING_ACCOUNT.matcher(a.id()).matches()) {
        throw new IllegalArgumentException(key + ".id must be a billing account id XXXXXX-XXXXXX-XXXXXX, was '"
            + a.id() + "'");
      }
      BillingExportTable t = BillingExportTable.parse(key + ".table", a.table(), a.partitioned());
      if (seen.put(a.id(), t) != null) {
        throw new IllegalArgumentException(key + ".id " + a.id() + " is configured twice: one export table per account"
            + " (the detailed export holds everything the standard one does)");
      }
    }
  }

  private static boolean isHttpUrl(String text) {
    try {
      URI uri = new URI(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The export table of a billing account. */
  public BillingExportTable table(String billingAccountId) {
    for (int i = 0; i < accounts.size(); i++) {
      Account a = accounts.get(i);
      if (a.id().equals(billingAccountId)) {
        return BillingExportTable.parse("costfleet.gcp.accounts[" + i + "].table", a.table(), a.partitioned());
      }
    }
    return null;
  }

  /**
   * The rate-limit scope of this worker's BigQuery calls (bucket {@code ratelimit:gcp:bigquery};
   * its rate is {@code costfleet.ratelimit.scopes.bigquery.*}).
   */
  public String rateLimitScope() {
    return "bigquery";
  }
}
