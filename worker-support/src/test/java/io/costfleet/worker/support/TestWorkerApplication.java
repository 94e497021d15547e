package io.costfleet.worker.support;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A worker with the {@link TestSource}, as a provider module would be. */
@SpringBootApplication
class TestWorkerApplication {
  @Bean
  TestSource testSource() {
    return new TestSource();
  }
}
