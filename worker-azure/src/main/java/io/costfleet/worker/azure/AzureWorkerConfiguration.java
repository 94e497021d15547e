package io.costfleet.worker.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.costfleet.ratelimit.RateLimiter;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.validation.RecordValidator;
import io.costfleet.worker.azure.sim.SimulatorCredential;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.net.ssl.SSLContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The azure worker's beans: the credential, the JDK-based HTTP client, the SDK exception
 * translator, and the two sources ({@code query} and, when a storage endpoint is configured,
 * {@code cost-export}). The fleet-wide rate limiter and everything else come from worker-support.
 */
@Configuration(proxyBeanMethods = false)
public class AzureWorkerConfiguration {

  @Bean
  ErrorClassifier azureErrorClassifier() {
    return AzureErrors.classifier();
  }

  @Bean
  HttpClient azureHttpClient(AzureProperties azure) {
    SSLContext tls = null;
    if (azure.trustCertificate() != null) {
      try {
        tls = TrustedCertificates.fromPem(azure.trustCertificate());
      } catch (IOException e) {
        throw new UncheckedIOException("costfleet.azure.trust-certificate: cannot read " + azure.trustCertificate(), e);
      }
    }
    return AzureClients.httpClient(tls, azure.timeout());
  }

  @Bean
  TokenCredential azureCredential(AzureProperties azure, HttpClient http) {
    return azure.credential().equals("simulator") ? new SimulatorCredential()
        : new DefaultAzureCredentialBuilder().httpClient(http).build();
  }

  @Bean
  AzureExportNormalizers azureExportNormalizers(AzureProperties azure, RecordValidator validator) {
    return new AzureExportNormalizers(new AzureExportOptions(AzureExportOptions.SOURCE,
        azure.exports().defaultCurrency()), PricingUnits.load(), validator);
  }

  @Bean
  @ConditionalOnBooleanProperty(name = "costfleet.azure.query.enabled", matchIfMissing = true)
  AzureQuerySource azureQuerySource(AzureProperties azure, TokenCredential credential, HttpClient http,
      RateLimiter rateLimiter, RecordValidator validator, MeterRegistry registry) {
    AzureProperties.Query q = azure.query();
    var pipeline = AzureClients.managementPipeline(credential, q.endpoint(), q.tokenScope(), http, azure.clientType(),
        registry);
    return new AzureQuerySource(new AzureQueryClient(pipeline, q.endpoint(), q.apiVersion()), azure.azureAccounts(),
        q.grouping().grouping(), rateLimiter, validator);
  }

  @Bean
  @ConditionalOnProperty(name = "costfleet.azure.exports.storage-endpoint")
  AzureExportSource azureExportSource(AzureProperties azure, TokenCredential credential, HttpClient http,
      AzureExportNormalizers normalizers, MeterRegistry registry) {
    AzureProperties.Exports e = azure.exports();
    return new AzureExportSource(AzureClients.blobService(e.storageEndpoint(), credential, http, azure.clientType(),
        azure.timeout(), registry), e.layout(), e.rowsPerPage(), normalizers);
  }
}
