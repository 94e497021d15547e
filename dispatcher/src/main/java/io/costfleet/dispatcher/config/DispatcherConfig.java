package io.costfleet.dispatcher.config;

import io.costfleet.job.Dataset;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dispatcher's configuration ({@code application.yaml}, system properties or environment variables:
 * {@code costfleet.api.token} is {@code COSTFLEET_API_TOKEN}). Constraint violations and unconvertible values
 * fail the start naming the key; {@link FleetCatalog#from} checks what constraints cannot express.
 */
@ConfigMapping(prefix = "costfleet")
public interface DispatcherConfig {

  TopologyConfig topology();

  RabbitConfig rabbitmq();

  RedisConfig redis();

  ApiConfig api();

  StorageConfig storage();

  SchedulesConfig schedules();

  EnqueueConfig enqueue();

  TrackingConfig tracking();

  CloseConfig close();

  /** Providers by code ({@code aws}, {@code gcp}, {@code azure}). */
  Map<String, ProviderConfig> providers();

  interface TopologyConfig {
    /** Prefix of every exchange and queue name. */
    @WithDefault("costfleet")
    @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "must be letters, digits, '.', '_' or '-'")
    String namespace();
  }

  interface RabbitConfig {
    @WithDefault("127.0.0.1")
    @NotBlank
    String host();

    @WithDefault("5672")
    @Min(1)
    @Max(65535)
    int port();

    @WithDefault("guest")
    @NotBlank
    String username();

    @WithDefault("guest")
    String password();

    @WithName("vhost")
    @WithDefault("/")
    @NotBlank
    String virtualHost();

    /** Connect over TLS (AMQPS, usually port 5671). */
    @WithDefault("false")
    boolean tls();

    @WithDefault("10s")
    Duration connectionTimeout();
  }

  /** The coordination Redis; the same keys as the workers' ({@link io.costfleet.redis.RedisConfig}). */
  interface RedisConfig {
    @WithDefault("127.0.0.1")
    @NotBlank
    String host();

    @WithDefault("6379")
    @Min(1)
    @Max(65535)
    int port();

    Optional<String> username();

    Optional<String> password();

    @WithDefault("false")
    boolean tls();

    @WithDefault("2s")
    Duration connectTimeout();

    @WithDefault("2s")
    Duration socketTimeout();

    @WithDefault("16")
    @Min(1)
    int poolSize();

    /** Prefix of every key. */
    @WithDefault("costfleet:")
    @NotBlank
    String keyPrefix();

    @WithDefault("100ms")
    Duration reconnectBackoff();

    @WithDefault("5s")
    Duration reconnectBackoffMax();

    /** As the shared coordination config (which checks what constraints here cannot). */
    default io.costfleet.redis.RedisConfig toShared() {
      return new io.costfleet.redis.RedisConfig(host(), port(), username().orElse(null), password().orElse(null),
          tls(), connectTimeout(), socketTimeout(), poolSize(), keyPrefix(), reconnectBackoff(),
          reconnectBackoffMax());
    }
  }

  interface ApiConfig {
    /** Bearer token of the operator API ({@code COSTFLEET_API_TOKEN}). Required; never printed. */
    @Size(min = 16, message = "must be at least 16 characters")
    String token();
  }

  interface StorageConfig {
    /** Root of the staging layout (a local directory); handed to the period close. */
    @WithDefault("data")
    @NotBlank
    String root();
  }

  interface SchedulesConfig {
    DailyConfig daily();

    MonthEndConfig monthEnd();

    interface DailyConfig {
      /** Quartz cron (UTC) of the daily sync; {@code off} disables it. */
      @WithDefault("0 15 2 * * ?")
      @WithConverter(Cron.Converter.class)
      Cron cron();

      /** The daily sync also re-syncs the previous period on days 1..N of a month (0: never). */
      @WithDefault("3")
      @Min(0)
      @Max(31)
      int previousPeriodDays();
    }

    interface MonthEndConfig {
      /** Quartz cron (UTC) of the month-end close jobs for the finished period; {@code off} disables it. */
      @WithDefault("0 0 6 3 * ?")
      @WithConverter(Cron.Converter.class)
      Cron cron();
    }
  }

  interface EnqueueConfig {
    /** How long a publish waits for the broker's confirm. */
    @WithDefault("5s")
    Duration confirmTimeout();

    /** Publish attempts (re-declaring the topology after an unroutable return) before handing over to the republisher. */
    @WithDefault("3")
    @Min(1)
    @Max(20)
    int publishAttempts();

    /** Pause before the second attempt; doubles per attempt. */
    @WithDefault("200ms")
    Duration retryBackoff();

    /** A job still unpublished after this long (failed publish, crashed replica) is published again by the republisher. */
    @WithDefault("30s")
    Duration republishAfter();

    /** Cadence of the republisher. */
    @WithDefault("15s")
    String republishEvery();
  }

  interface TrackingConfig {
    /** A close claimed by a replica that did not finish within this time may be claimed again. */
    @WithDefault("30m")
    Duration closeTimeout();

    /** Cadence of the gauge refresh and of the close check for periods whose jobs are all done. */
    @WithDefault("15s")
    String refreshEvery();

    /** How long a superseded job's record is kept in Redis. */
    @WithDefault("30d")
    Duration supersededRetention();
  }

  /** The period close engine ({@code io.costfleet.close.PeriodClose}); without a rule file a close is only logged. */
  interface CloseConfig {
    /** Allocation rule file (YAML); setting it makes the dispatcher close periods with the engine. */
    Optional<String> rulesFile();

    /** Currency rate table (CSV); without it every cost must be in the base currency. */
    Optional<String> ratesFile();

    @WithDefault("USD")
    @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code")
    String baseCurrency();

    /** Largest |gap| / provider total that passes reconciliation. */
    @WithDefault("0.001")
    @jakarta.validation.constraints.DecimalMin("0")
    java.math.BigDecimal tolerance();

    /** Provider totals to reconcile with: simulator base URLs ({@code /_sim/truth}) or GroundTruth JSON files. */
    Optional<List<String>> truth();

    /** Per provider and account, the first staged dataset of this list is charged back. */
    Optional<List<String>> datasets();

    /** Read job directories without a completion manifest where no job wrote one. */
    @WithDefault("false")
    boolean acceptUnmarked();

    @WithDefault("2")
    @Min(1)
    int threads();

    @WithDefault("2GB")
    String memory();
  }

  interface ProviderConfig {
    @WithDefault("true")
    boolean enabled();

    /** Accounts by id (AWS account, GCP billing account, Azure subscription or billing account). */
    Map<String, AccountConfig> accounts();
  }

  interface AccountConfig {
    /** Business unit this account's untagged cost falls back to in allocation. */
    Optional<String> businessUnit();

    /** Display name. */
    Optional<String> name();

    /** Datasets to extract, by source name ({@code cost-explorer: [usage, amortized]}). */
    Map<String, List<Dataset>> sources();
  }
}
