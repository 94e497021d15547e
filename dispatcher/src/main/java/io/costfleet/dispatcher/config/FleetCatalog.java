package io.costfleet.dispatcher.config;

import io.costfleet.job.Dataset;
import io.costfleet.job.Provider;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the fleet extracts, validated: per provider its accounts, and per account which datasets of which
 * sources. Built once at start-up from {@link DispatcherConfig#providers()}; a mistake fails the start with
 * every offending key named.
 */
public final class FleetCatalog {
  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_-]*");
  private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final String PREFIX = "costfleet.providers.";

  /** One configured account. {@code sources} maps a source name to its datasets. */
  public record Account(Provider provider, String id, Optional<String> businessUnit, Optional<String> name,
      Map<String, List<Dataset>> sources) {}

  private final Map<Provider, List<Account>> accounts;
  private final Set<Provider> disabled;

  private FleetCatalog(Map<Provider, List<Account>> accounts, Set<Provider> disabled) {
    this.accounts = accounts;
    this.disabled = disabled;
  }

  /**
   * Validates and builds the catalog.
   *
   * @throws ConfigurationException naming every offending key
   */
  public static FleetCatalog from(Map<String, DispatcherConfig.ProviderConfig> providers) {
    List<String> errors = new ArrayList<>();
    Set<String> keys = new TreeSet<>();
    Map<Provider, List<Account>> accounts = new EnumMap<>(Provider.class);
    Set<Provider> disabled = java.util.EnumSet.noneOf(Provider.class);
    new TreeMap<>(providers).forEach((code, pc) -> {
      String key = PREFIX + code;
      Provider provider;
      try {
        provider = Provider.of(code);
      } catch (IllegalArgumentException e) {
        error(errors, keys, key, e.getMessage());
        return;
      }
      if (!code.equals(provider.code())) {
        error(errors, keys, key, "write the provider as '" + provider.code() + "'");
        return;
      }
      if (!pc.enabled()) {
        disabled.add(provider);
        return;
      }
      if (pc.accounts().isEmpty()) {
        error(errors, keys, key + ".accounts", "an enabled provider needs at least one account");
      }
      List<Account> list = new ArrayList<>();
      new TreeMap<>(pc.accounts()).forEach((id, ac) -> {
        String akey = key + ".accounts." + id;
        if (!ACCOUNT_ID.matcher(id).matches()) {
          error(errors, keys, akey, "account id must match " + ACCOUNT_ID.pattern());
          return;
        }
        if (ac.businessUnit().isPresent() && ac.businessUnit().get().isBlank()) {
          error(errors, keys, akey + ".business-unit", "must not be blank");
        }
        if (ac.sources().isEmpty()) {
          error(errors, keys, akey + ".sources", "at least one source (name: [datasets]) is required");
        }
        Map<String, List<Dataset>> sources = new TreeMap<>();
        ac.sources().forEach((source, datasets) -> {
          String skey = akey + ".sources." + source;
          if (!SOURCE_NAME.matcher(source).matches()) {
            error(errors, keys, skey, "source name must match " + SOURCE_NAME.pattern());
          } else if (datasets.isEmpty()) {
            error(errors, keys, skey, "at least one dataset (usage, amortized, focus) is required");
          } else {
            sources.put(source, List.copyOf(new LinkedHashSet<>(datasets)));
          }
        });
        list.add(new Account(provider, id, ac.businessUnit(), ac.name(), Collections.unmodifiableMap(sources)));
      });
      accounts.put(provider, List.copyOf(list));
    });
    if (!errors.isEmpty()) {
      throw new ConfigurationException("invalid dispatcher configuration:\n  " + String.join("\n  ", errors), keys);
    }
    return new FleetCatalog(Collections.unmodifiableMap(accounts), Collections.unmodifiableSet(disabled));
  }

  private static void error(List<String> errors, Set<String> keys, String key, String message) {
    errors.add(key + ": " + message);
    keys.add(key);
  }

  /** Enabled providers, in {@link Provider} order. */
  public Set<Provider> providers() {
    return accounts.keySet();
  }

  /** The accounts of an enabled provider (empty for one not configured or disabled). */
  public List<Account> accounts(Provider provider) {
    return accounts.getOrDefault(provider, List.of());
  }

  public Optional<Account> account(Provider provider, String id) {
    return accounts(provider).stream().filter(a -> a.id().equals(id)).findFirst();
  }

  public boolean disabled(Provider provider) {
    return disabled.contains(provider);
  }

  /** Every configured account of every enabled provider. */
  public List<Account> allAccounts() {
    List<Account> all = new ArrayList<>();
    accounts.values().forEach(all::addAll);
    return all;
  }
}
