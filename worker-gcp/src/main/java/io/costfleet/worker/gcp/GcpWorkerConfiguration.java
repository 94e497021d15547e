package io.costfleet.worker.gcp;

import com.google.cloud.bigquery.BigQuery;
import io.costfleet.ratelimit.RateLimiter;
import io.costfleet.ratelimit.RedisRateLimiter;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.worker.support.RateLimitProperties;
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
  BigQueryExportSource bigQueryExportSource(BigQuery bigquery, GcpProperties properties) {
    return new BigQueryExportSource(bigquery, properties, new GcpBillingNormalizer());
  }

  @Bean
  ErrorClassifier gcpErrorClassifier(BigQueryExportSource source) {
    return source.errors().classifier();
  }

  /**
   * The fleet-wide rate limiter: BigQuery's {@code rateLimitExceeded} must pause every worker, not
   * only the one that saw it. worker-support still defaults to a process-local limiter; this bean
   * replaces it (its {@code @ConditionalOnMissingBean} backs off) and can go once the default is
   * the Redis one.
   */
  @Bean
  RateLimiter costfleetRateLimiter(RedisCoordination redis, RateLimitProperties limits) {
    return new RedisRateLimiter(redis, (provider, scope) -> limits.config(scope));
  }
}
