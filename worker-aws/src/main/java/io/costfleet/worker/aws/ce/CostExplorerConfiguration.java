package io.costfleet.worker.aws.ce;

import io.costfleet.job.WireCodec;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Cost Explorer {@code CostSource} bean (source name {@code cost-explorer}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "costfleet.aws.ce.enabled", matchIfMissing = true)
public class CostExplorerConfiguration {
  @Bean(destroyMethod = "close")
  CostExplorerSource costExplorerSource(CostExplorerProperties ce, WireCodec codec, MeterRegistry registry) {
    return CostExplorerClients.source(ce.endpoint(), ce.region(), ce.accessKeyId(), ce.secretAccessKey(),
        ce.settings(), ce.timeout(), codec.mapper(), registry);
  }
}
