package io.costfleet.worker.aws;

import io.costfleet.source.ErrorClassifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every AWS source of this worker shares: the SDK exception translator. */
@Configuration(proxyBeanMethods = false)
public class AwsWorkerConfiguration {
  @Bean
  ErrorClassifier awsErrorClassifier() {
    return AwsErrorTranslator.classifier();
  }
}
