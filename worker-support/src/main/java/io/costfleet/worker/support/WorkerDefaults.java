package io.costfleet.worker.support;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every worker shares, at the lowest precedence (any property file, environment variable
 * or argument overrides them): the health and Prometheus endpoints exposed, health details shown.
 */
public final class WorkerDefaults implements EnvironmentPostProcessor {
  static final Map<String, Object> DEFAULTS = Map.of(
      "management.endpoints.web.exposure.include", "health,info,prometheus",
      "management.endpoint.health.show-details", "always",
      "management.endpoint.health.probes.enabled", "true");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource("costfleetWorkerDefaults", DEFAULTS));
  }
}
