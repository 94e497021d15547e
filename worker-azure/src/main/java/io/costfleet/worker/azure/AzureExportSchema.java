package io.costfleet.worker.azure;

import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvRow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an Azure export file's header says: its {@link AzureHeaderSet}, its {@link HeaderDialect},
 * and where each {@link AzureColumn} is. The first occurrence of a column wins (an MCA file names
 * the resource id both {@code InstanceName} and, in partner files, {@code ResourceId}).
 */
public final class AzureExportSchema {
  private static final Set<String> FOCUS_MARKERS = Set.of("billedcost", "chargeperiodstart", "effectivecost");

  private final AzureHeaderSet headerSet;
  private final HeaderDialect dialect;
  private final Map<AzureColumn, Integer> index = new EnumMap<>(AzureColumn.class);

  private AzureExportSchema(AzureHeaderSet headerSet, HeaderDialect dialect) {
    this.headerSet = headerSet;
    this.dialect = dialect;
  }

  /** Reads a header. Never fails: {@link #missingColumns()} says whether it can be normalized. */
  public static AzureExportSchema of(CsvHeader header) {
    List<String> names = header.names();
    Map<AzureColumn, Integer> found = new EnumMap<>(AzureColumn.class);
    int focusMarkers = 0;
    for (int i = 0; i < names.size(); i++) {
      AzureColumn c = AzureColumn.byHeader(names.get(i));
      if (c != null) {
        found.putIfAbsent(c, i);
      }
      String bare = names.get(i).strip().toLowerCase(Locale.ROOT);
      if (FOCUS_MARKERS.contains(bare)) {
        focusMarkers++;
      }
    }
    AzureHeaderSet set = focusMarkers >= 2 ? AzureHeaderSet.FOCUS : classify(found.keySet());
    AzureExportSchema schema = new AzureExportSchema(set, dialect(names));
    schema.index.putAll(found);
    return schema;
  }

  private static AzureHeaderSet classify(Set<AzureColumn> columns) {
    if (columns.contains(AzureColumn.PARTNER_NAME) || columns.contains(AzureColumn.CUSTOMER_TENANT_ID)) {
      return AzureHeaderSet.MCA_PARTNER;
    }
    boolean eaAccount = columns.contains(AzureColumn.ACCOUNT_OWNER_ID) || columns.contains(AzureColumn.ACCOUNT_NAME);
    if (!eaAccount && (columns.contains(AzureColumn.COST_IN_PRICING_CURRENCY)
        || columns.contains(AzureColumn.BILLING_PROFILE_ID) && columns.contains(AzureColumn.INVOICE_SECTION_ID))) {
      return AzureHeaderSet.MCA;
    }
    if (eaAccount) {
      return AzureHeaderSet.EA;
    }
    if (columns.contains(AzureColumn.EFFECTIVE_PRICE) && !columns.contains(AzureColumn.CHARGE_TYPE)
        || columns.contains(AzureColumn.SERVICE_TIER)) {
      return AzureHeaderSet.PAYG;
    }
    return AzureHeaderSet.GENERIC;
  }

  private static HeaderDialect dialect(List<String> names) {
    int pascal = 0;
    int camel = 0;
    int lower = 0;
    for (String raw : names) {
      if (AzureColumn.isLocalized(raw)) {
        return HeaderDialect.LOCALIZED;
      }
      String n = raw.strip();
      if (n.isEmpty() || !Character.isLetter(n.charAt(0))) {
        continue;
      }
      if (Character.isUpperCase(n.charAt(0))) {
        pascal++;
      } else if (n.chars().anyMatch(Character::isUpperCase)) {
        camel++;
      } else if (isMultiWord(n)) {
        // "date" or "tags" read the same in every spelling; "subscriptionid" is lower case.
        lower++;
      }
    }
    int total = pascal + camel + lower;
    int max = Math.max(pascal, Math.max(camel, lower));
    if (total == 0 || max * 3 < total * 2) {
      return total == 0 ? HeaderDialect.LOWER_CASE : HeaderDialect.MIXED_CASE;
    }
    return max == pascal ? HeaderDialect.PASCAL_CASE : max == camel ? HeaderDialect.CAMEL_CASE : HeaderDialect.LOWER_CASE;
  }

  private static boolean isMultiWord(String lowerName) {
    AzureColumn c = AzureColumn.byHeader(lowerName);
    if (c == null) {
      return false;
    }
    String canonical = c.names().stream().filter(n -> n.equalsIgnoreCase(lowerName)).findFirst().orElse(lowerName);
    return canonical.chars().skip(1).anyMatch(Character::isUpperCase);
  }

  public AzureHeaderSet headerSet() {
    return headerSet;
  }

  public HeaderDialect dialect() {
    return dialect;
  }

  public boolean has(AzureColumn column) {
    return index.containsKey(column);
  }

  /** The raw text of a column in a row, or null when the file or the (short) row lacks it. */
  public String get(CsvRow row, AzureColumn column) {
    Integer i = index.get(column);
    return i == null ? null : row.get(i);
  }

  /**
   * The columns a cost row cannot do without, described by their canonical names; empty when the
   * file can be normalized: a cost, a date, and a subscription or billing account.
   */
  public List<String> missingColumns() {
    if (headerSet == AzureHeaderSet.FOCUS) {
      return List.of();
    }
    List<String> missing = new ArrayList<>();
    if (!has(AzureColumn.COST_IN_BILLING_CURRENCY) && !has(AzureColumn.COST_IN_PRICING_CURRENCY)) {
      missing.add("CostInBillingCurrency (or Cost, PreTaxCost)");
    }
    if (!has(AzureColumn.DATE)) {
      missing.add("Date (or UsageDateTime)");
    }
    if (!has(AzureColumn.SUBSCRIPTION_ID) && !has(AzureColumn.BILLING_ACCOUNT_ID)) {
      missing.add("SubscriptionId (or SubscriptionGuid, BillingAccountId)");
    }
    return missing;
  }

  /** Whether this looks like an Azure cost export at all (FOCUS included). */
  public boolean recognized() {
    return missingColumns().isEmpty();
  }

  @Override
  public String toString() {
    return headerSet + "/" + dialect;
  }
}
