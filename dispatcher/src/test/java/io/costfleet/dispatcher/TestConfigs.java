package io.costfleet.dispatcher;

import io.costfleet.dispatcher.config.DispatcherConfig;
import io.costfleet.dispatcher.config.FleetCatalog;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Dispatcher configuration built the way Quarkus binds it, without booting Quarkus. */
public final class TestConfigs {
  public static final String TOKEN = "test-token-0123456789abcdef";

  private TestConfigs() {}

  public static DispatcherConfig bind(Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("costfleet.api.token", TOKEN);
    all.putAll(properties);
    SmallRyeConfig config = new SmallRyeConfigBuilder()
        .withMapping(DispatcherConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(all, "test", 500))
        .build();
    return config.getConfigMapping(DispatcherConfig.class);
  }

  /** {@code accountsPerProvider} accounts ({@code <provider>-acct-N}) per provider, one source, usage only. */
  public static Map<String, String> fleet(int accountsPerProvider) {
    Map<String, String> p = new LinkedHashMap<>();
    for (String provider : new String[] {"aws", "gcp", "azure"}) {
      String source = switch (provider) {
        case "aws" -> "cost-explorer";
        case "gcp" -> "bigquery";
        default -> "query";
      };
      for (int i = 1; i <= accountsPerProvider; i++) {
        String key = "costfleet.providers." + provider + ".accounts." + provider + "-acct-" + i;
        p.put(key + ".business-unit", i % 2 == 0 ? "retail" : "platform");
        p.put(key + ".sources." + source, "usage");
      }
    }
    return p;
  }

  public static FleetCatalog catalog(Map<String, String> properties) {
    return FleetCatalog.from(bind(properties).providers());
  }
}
