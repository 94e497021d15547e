package io.costfleet.worker.aws.ce;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;

/**
 * Builds the Cost Explorer client and source: the sync SDK client on the JDK URL-connection HTTP
 * client (no netty), SDK retries off (the runner owns retries and counts every call), an optional
 * endpoint override (the simulator), static or default-chain credentials.
 */
public final class CostExplorerClients {
  private CostExplorerClients() {}

  /**
   * @param endpoint  endpoint override, or null for the region's real endpoint
   * @param accessKey static access key id, or null for the default credentials chain
   * @param secretKey static secret access key (with {@code accessKey})
   */
  public static CostExplorerSource source(URI endpoint, String region, String accessKey, String secretKey,
      CostExplorerSettings settings, Duration timeout, ObjectMapper json, MeterRegistry registry) {
    ResponseCapture capture = new ResponseCapture();
    AwsCredentialsProvider credentials = accessKey == null ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    var builder = CostExplorerClient.builder()
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(capture)
            .apiCallTimeout(timeout.multipliedBy(2)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return new CostExplorerSource(builder.build(), capture, settings, json, registry);
  }
}
