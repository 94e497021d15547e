package io.costfleet.worker.aws.ce;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import software.amazon.awssdk.services.costexplorer.model.Granularity;

/**
 * {@code costfleet.aws.ce.*}: the Cost Explorer source.
 *
 * @param enabled             register the source (default true)
 * @param endpoint            endpoint override (the simulator's URL); unset for AWS
 * @param region              signing region (Cost Explorer lives in us-east-1)
 * @param accessKeyId         static credentials; unset for the SDK's default chain (env, profile, IRSA, instance role)
 * @param secretAccessKey     static credentials' secret
 * @param granularity         DAILY or MONTHLY
 * @param groupBy             up to two {@code TYPE:KEY} group definitions
 * @param filterLinkedAccount filter each job on its account as LINKED_ACCOUNT
 * @param timeout             connect and read timeout of one call
 */
@ConfigurationProperties("costfleet.aws.ce")
public record CostExplorerProperties(
    @DefaultValue("true") boolean enabled,
    URI endpoint,
    @DefaultValue("us-east-1") String region,
    String accessKeyId,
    String secretAccessKey,
    @DefaultValue("DAILY") Granularity granularity,
    @DefaultValue({"DIMENSION:SERVICE", "TAG:Environment"}) List<String> groupBy,
    @DefaultValue("true") boolean filterLinkedAccount,
    @DefaultValue("30s") Duration timeout) {

  public CostExplorerProperties {
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException("costfleet.aws.ce.access-key-id and costfleet.aws.ce.secret-access-key "
          + "go together (set both, or neither for the default credentials chain)");
    }
    settings(granularity, groupBy, filterLinkedAccount);
  }

  public CostExplorerSettings settings() {
    return settings(granularity, groupBy, filterLinkedAccount);
  }

  private static CostExplorerSettings settings(Granularity granularity, List<String> groupBy, boolean filter) {
    return new CostExplorerSettings(granularity, groupBy, filter);
  }
}
