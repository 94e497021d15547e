package io.costfleet.worker.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddHeadersPolicy;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.costmanagement.CostManagementManager;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Builds the Azure SDK clients costfleet uses, all on the JDK HTTP client (no netty) and with the
 * SDK's own retries off: the runner owns retries, and a throttled call must reach it at once so
 * the whole fleet backs off. Every request carries a {@code ClientType} header, so Cost
 * Management counts the fleet's calls in their own quota bucket, and is counted in
 * {@code costfleet.api.calls}.
 */
public final class AzureClients {
  /** The header naming the calling client to Cost Management's quota accounting. */
  public static final HttpHeaderName CLIENT_TYPE = HttpHeaderName.fromString("ClientType");

  private AzureClients() {}

  /**
   * The JDK-based HTTP client.
   *
   * @param tls     a TLS context to trust (a simulator's certificate), or null for the JVM's trust store
   * @param timeout connect and response time-out
   */
  public static HttpClient httpClient(SSLContext tls, Duration timeout) {
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
    if (tls != null) {
      jdk.sslContext(tls);
    }
    return new JdkHttpClientBuilder(jdk).connectionTimeout(timeout).responseTimeout(timeout).readTimeout(timeout)
        .build();
  }

  /**
   * The HTTP pipeline {@code CostManagementManager} builds for a management endpoint: ARM bearer
   * token policy for {@code tokenScope}, user agent, request id, the client-type header, no retries.
   */
  public static HttpPipeline managementPipeline(TokenCredential credential, URI managementEndpoint, String tokenScope,
      HttpClient http, String clientType, MeterRegistry registry) {
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", managementEndpoint.toString());
    AzureProfile profile = new AzureProfile(new AzureEnvironment(endpoints));
    return CostManagementManager.configure()
        .withHttpClient(http)
        .withPolicy(clientTypePolicy(clientType))
        .withPolicy(new AzureCallMetrics(registry, "query"))
        .withRetryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
        .withScope(tokenScope)
        .authenticate(credential, profile)
        .serviceClient()
        .getHttpPipeline();
  }

  /** A Blob service client for an account endpoint ({@code https://<account>.blob.core.windows.net}). */
  public static BlobServiceClient blobService(URI accountEndpoint, TokenCredential credential, HttpClient http,
      String clientType, Duration timeout, MeterRegistry registry) {
    return new BlobServiceClientBuilder()
        .endpoint(accountEndpoint.toString())
        .credential(credential)
        .httpClient(http)
        .addPolicy(clientTypePolicy(clientType))
        .addPolicy(new AzureCallMetrics(registry, "blob"))
        .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, (int) Math.max(1, timeout.toSeconds()), null,
            null, null))
        .buildClient();
  }

  private static AddHeadersPolicy clientTypePolicy(String clientType) {
    return new AddHeadersPolicy(new HttpHeaders().set(CLIENT_TYPE, clientType));
  }
}
