package io.costfleet.worker.support;

import io.costfleet.job.Topology;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code costfleet.topology.namespace}: the prefix of every exchange and queue name. */
@ConfigurationProperties("costfleet.topology")
public record TopologyProperties(@DefaultValue("costfleet") String namespace) {
  public TopologyProperties {
    try {
      new Topology(namespace);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("costfleet.topology.namespace is invalid: '" + namespace + "'", e);
    }
  }

  public Topology topology() {
    return new Topology(namespace);
  }
}
