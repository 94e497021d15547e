package io.costfleet.close.allocation;

import java.util.Map;
import java.util.TreeMap;

/**
 * Business-unit hints per provider and account, from outside the rule file (the dispatcher's
 * {@code costfleet.providers.<p>.accounts.<id>.business-unit}). They are the last fallback of the
 * hierarchy stage: cost that no tag, hierarchy or shared rule places, staged by a job of a hinted
 * account (its partition {@code account=<id>}), goes to the hint's business unit instead of the
 * unallocated cost center, with the hint's name as cost center (as a rule file's hierarchy rule with
 * only {@code business_unit} does), rule {@value #RULE} and method {@code hierarchy}. A hint never
 * overrides a rule of the file.
 *
 * @param byProvider business unit per account id, per provider code ({@code aws}, {@code gcp}, {@code azure})
 */
public record AccountBusinessUnits(Map<String, Map<String, String>> byProvider) {
  /** The {@code x_AllocationRule} of cost placed by a hint. */
  public static final String RULE = "account-business-unit";
  public static final AccountBusinessUnits NONE = new AccountBusinessUnits(Map.of());

  public AccountBusinessUnits {
    Map<String, Map<String, String>> copy = new TreeMap<>();
    byProvider.forEach((provider, accounts) -> {
      Map<String, String> a = new TreeMap<>();
      accounts.forEach((id, bu) -> {
        if (bu != null && !bu.isBlank()) {
          a.put(id, bu.trim());
        }
      });
      if (!a.isEmpty()) {
        copy.put(provider, java.util.Collections.unmodifiableMap(a));
      }
    });
    byProvider = java.util.Collections.unmodifiableMap(copy);
  }

  public boolean isEmpty() {
    return byProvider.isEmpty();
  }

  /** The hint for a provider's account, or null. */
  public String businessUnit(String provider, String account) {
    if (provider == null || account == null) {
      return null;
    }
    return byProvider.getOrDefault(provider, Map.of()).get(account);
  }
}
