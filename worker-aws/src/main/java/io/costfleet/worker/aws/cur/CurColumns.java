package io.costfleet.worker.aws.cur;

import io.costfleet.source.csv.CsvHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CUR fields are in one file's header. The file's own header is the only authority (the
 * manifest's column list is informational: it disagrees with the data in real deliveries).
 *
 * <p>Three spellings resolve to the same field: legacy CUR ({@code lineItem/UnblendedCost}),
 * CUR 2.0 / Data Exports and Athena snake_case ({@code line_item_unblended_cost}), and entries of
 * the CUR 2.0 map columns ({@code product}, {@code resource_tags}, {@code cost_category}). Tag
 * columns are {@code resourceTags/user:*} / {@code resource_tags_user_*} and cost categories
 * {@code costCategory/*} / {@code cost_category_*}. A header with FOCUS names ({@code BilledCost},
 * {@code ChargeCategory}) is a FOCUS export and is read by the FOCUS normalizer instead.
 */
final class CurColumns {
  /** Snake-case category prefixes, longest first, and their legacy category. */
  private static final String[][] SNAKE_CATEGORIES = {
      {"split_line_item_", "splitlineitem"},
      {"line_item_", "lineitem"},
      {"savings_plan_", "savingsplan"},
      {"resource_tags_", "resourcetags"},
      {"cost_category_", "costcategory"},
      {"reservation_", "reservation"},
      {"identity_", "identity"},
      {"pricing_", "pricing"},
      {"product_", "product"},
      {"discount_", "discount"},
      {"bill_", "bill"},
  };

  /** A column holding one tag: its index and the tag key it carries. */
  record TagColumn(int index, String key) {}

  private final CsvHeader header;
  private final int[] index = new int[CurField.values().length];
  private final List<TagColumn> tags;
  private final int productMap;
  private final int resourceTagsMap;
  private final int costCategoryMap;
  private final boolean focus;
  private final boolean cur;

  private CurColumns(CsvHeader header) {
    this.header = header;
    Arrays.fill(index, -1);
    Map<String, CurField> byKey = new HashMap<>();
    for (CurField f : CurField.values()) {
      byKey.put(f.key(), f);
    }
    List<TagColumn> tagColumns = new ArrayList<>();
    int product = -1;
    int resourceTags = -1;
    int costCategory = -1;
    boolean billedCost = false;
    boolean chargeCategory = false;
    boolean anyCur = false;
    List<String> names = header.names();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      switch (name) {
        case "product" -> product = product < 0 ? i : product;
        case "resource_tags" -> resourceTags = resourceTags < 0 ? i : resourceTags;
        case "cost_category" -> costCategory = costCategory < 0 ? i : costCategory;
        case "BilledCost" -> billedCost = true;
        case "ChargeCategory", "ChargeType" -> chargeCategory = true;
        default -> { }
      }
      String tagKey = tagKey(name);
      if (tagKey != null) {
        tagColumns.add(new TagColumn(i, tagKey));
        continue;
      }
      String key = canonical(name);
      if (key == null) {
        continue;
      }
      CurField f = byKey.get(key);
      if (f != null && index[f.ordinal()] < 0) {
        index[f.ordinal()] = i;
        anyCur = true;
      }
    }
    this.tags = List.copyOf(tagColumns);
    this.productMap = product;
    this.resourceTagsMap = resourceTags;
    this.costCategoryMap = costCategory;
    this.focus = billedCost && chargeCategory;
    this.cur = anyCur;
  }

  static CurColumns of(CsvHeader header) {
    return new CurColumns(header);
  }

  CsvHeader header() {
    return header;
  }

  /** Index of a field in the row, or -1 when the file does not have it. */
  int index(CurField field) {
    return index[field.ordinal()];
  }

  boolean has(CurField field) {
    return index[field.ordinal()] >= 0;
  }

  List<TagColumn> tags() {
    return tags;
  }

  int productMap() {
    return productMap;
  }

  int resourceTagsMap() {
    return resourceTagsMap;
  }

  int costCategoryMap() {
    return costCategoryMap;
  }

  /** A FOCUS export (Data Exports "FOCUS 1.x with AWS columns"), not a CUR. */
  boolean focus() {
    return focus;
  }

  /** Whether the header has any CUR column at all. */
  boolean cur() {
    return cur;
  }

  /**
   * The canonical key of a header name ({@code lineitem/unblendedcost}), or null for names that
   * are not CUR columns (Fivetran's {@code _file}, Athena's {@code year}/{@code month} partitions).
   */
  static String canonical(String name) {
    int slash = name.indexOf('/');
    if (slash > 0) {
      return name.substring(0, slash).toLowerCase(Locale.ROOT) + "/" + squash(name.substring(slash + 1));
    }
    for (String[] c : SNAKE_CATEGORIES) {
      if (name.startsWith(c[0]) && name.length() > c[0].length()) {
        return c[1] + "/" + squash(name.substring(c[0].length()));
      }
    }
    return null;
  }

  /** The canonical key of an entry of the CUR 2.0 {@code product} map column. */
  static String productMapKey(String entry) {
    return "product/" + squash(entry);
  }

  /**
   * The tag key a header name carries, or null if it is not a tag column. User tags lose their
   * {@code user:} / {@code user_} prefix (allocation rules name them {@code cost_center},
   * {@code project}); AWS tags keep an {@code aws:} prefix; cost categories become
   * {@code costCategory:<name>}.
   */
  static String tagKey(String name) {
    if (name.startsWith("resourceTags/")) {
      return resourceTag(name.substring("resourceTags/".length()));
    }
    if (name.startsWith("resource_tags_")) {
      return resourceTag(name.substring("resource_tags_".length()));
    }
    if (name.startsWith("costCategory/")) {
      return costCategory(name.substring("costCategory/".length()));
    }
    if (name.startsWith("cost_category_")) {
      return costCategory(name.substring("cost_category_".length()));
    }
    return null;
  }

  /** Tag key of a resource tag name as CUR spells it (legacy {@code user:env}, CUR 2.0 {@code user_env}). */
  static String resourceTag(String raw) {
    if (raw.startsWith("user:") || raw.startsWith("user_")) {
      return raw.substring(5);
    }
    if (raw.startsWith("aws:")) {
      return raw;
    }
    if (raw.startsWith("aws_")) {
      return "aws:" + raw.substring(4);
    }
    return raw;
  }

  static String costCategory(String raw) {
    return "costCategory:" + raw;
  }

  private static String squash(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.toString();
  }
}
