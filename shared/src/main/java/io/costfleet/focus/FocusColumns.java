package io.costfleet.focus;

import io.costfleet.model.FocusColumn;
import io.costfleet.validation.FocusVersion;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Column names of FOCUS files across versions: 0.5 names map to their 1.2 successors, and the
 * columns each version requires.
 */
public final class FocusColumns {
  /** FOCUS 0.5 names and their 1.x successors. */
  static final Map<String, String> V05_ALIASES = Map.ofEntries(
      Map.entry("ChargeType", "ChargeCategory"),
      Map.entry("Provider", "ProviderName"),
      Map.entry("Publisher", "PublisherName"),
      Map.entry("InvoiceIssuer", "InvoiceIssuerName"),
      Map.entry("AmortizedCost", "EffectiveCost"),
      Map.entry("ResourceID", "ResourceId"),
      Map.entry("Region", "RegionId"),
      Map.entry("UsageQuantity", "ConsumedQuantity"),
      Map.entry("UsageUnit", "ConsumedUnit"));

  private static final Set<FocusColumn> V05_REQUIRED = EnumSet.of(
      FocusColumn.BILLED_COST, FocusColumn.EFFECTIVE_COST, FocusColumn.BILLING_ACCOUNT_ID,
      FocusColumn.BILLING_ACCOUNT_NAME, FocusColumn.BILLING_CURRENCY, FocusColumn.BILLING_PERIOD_START,
      FocusColumn.BILLING_PERIOD_END, FocusColumn.CHARGE_PERIOD_START, FocusColumn.CHARGE_PERIOD_END,
      FocusColumn.CHARGE_CATEGORY, FocusColumn.INVOICE_ISSUER_NAME, FocusColumn.PROVIDER_NAME,
      FocusColumn.PUBLISHER_NAME, FocusColumn.SERVICE_CATEGORY, FocusColumn.SERVICE_NAME);

  private FocusColumns() {}

  /** The columns a file of this version must have. */
  public static Set<FocusColumn> required(FocusVersion version) {
    if (version == FocusVersion.V0_5) {
      return V05_REQUIRED;
    }
    return EnumSet.copyOf(FocusColumn.mandatoryColumns());
  }

  /**
   * Canonical 1.2 name of a header name: strips a namespace prefix ({@code F:ChargeCategory}) and
   * maps 0.5 names. Unknown names are returned unchanged.
   */
  public static String canonical(String headerName) {
    String n = headerName;
    int colon = n.indexOf(':');
    if (colon > 0 && colon < n.length() - 1) {
      String bare = n.substring(colon + 1);
      if (FocusColumn.byName(bare) != null || V05_ALIASES.containsKey(bare)) {
        n = bare;
      }
    }
    return V05_ALIASES.getOrDefault(n, n);
  }

  /** The version a header looks like: 0.5 if it uses 0.5 names and not their successors, else 1.2. */
  public static FocusVersion detect(Iterable<String> headerNames) {
    boolean legacy = false;
    boolean modern = false;
    for (String raw : headerNames) {
      String n = raw.contains(":") ? raw.substring(raw.indexOf(':') + 1) : raw;
      if (V05_ALIASES.containsKey(n) && !n.equals("Region")) {
        legacy = true;
      }
      if (n.equals("ChargeCategory") || n.equals("ProviderName") || n.equals("ContractedCost")) {
        modern = true;
      }
    }
    return legacy && !modern ? FocusVersion.V0_5 : FocusVersion.V1_2;
  }
}
