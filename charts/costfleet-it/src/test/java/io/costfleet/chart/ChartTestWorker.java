package io.costfleet.chart;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A worker app as a provider module builds it (the worker-support runtime), with {@link ChartTestSource}. */
@SpringBootApplication
class ChartTestWorker {
  @Bean
  ChartTestSource chartTestSource() {
    return new ChartTestSource();
  }
}
