package io.costfleet.worker.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;

/** Builds the google-cloud-bigquery client of a worker. */
public final class BigQueryClients {
  private BigQueryClients() {}

  /**
   * A client for {@code properties}: its project and location, the endpoint override if set, no
   * credentials for {@code credentials=none} (the simulator) or Application Default Credentials.
   * The SDK's own retries are off: throttling and outages surface as typed exceptions so the
   * shared rate limiter, circuit breaker and retry queue handle them for the whole fleet.
   */
  public static BigQuery create(GcpProperties properties) {
    BigQueryOptions.Builder b = BigQueryOptions.newBuilder()
        .setProjectId(properties.projectId())
        .setLocation(properties.location())
        .setRetrySettings(ServiceOptions.getNoRetrySettings());
    if (properties.host() != null && !properties.host().isBlank()) {
      b.setHost(properties.host());
    }
    if ("none".equals(properties.credentials())) {
      b.setCredentials(NoCredentials.getInstance());
    }
    return b.build().getService();
  }
}
