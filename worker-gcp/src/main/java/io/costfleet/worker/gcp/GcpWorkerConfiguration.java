package io.costfleet.worker.gcp;

import com.google.cloud.bigquery.BigQuery;
import io.costfleet.source.ErrorClassifier;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The BigQuery billing export {@code CostSource} bean (source {@code bigquery-export}) and its error translator. */
@Configuration(proxyBeanMethods = false)
public class GcpWorkerConfiguration {
  @Bean
  BigQuery costfleetBigQuery(GcpProperties properties) {
    return BigQueryClients.create(properties);
  }

  @Bean
  BigQueryExportSource bigQueryExportSource(BigQuery bigquery, GcpProperties properties, MeterRegistry registry) {
    return new BigQueryExportSource(bigquery, properties, new GcpBillingNormalizer(), registry);
  }

  @Bean
  ErrorClassifier gcpErrorClassifier(BigQueryExportSource source) {
    return source.errors().classifier();
  }
}
