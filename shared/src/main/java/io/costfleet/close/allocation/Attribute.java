package io.costfleet.close.allocation;

import java.util.Locale;

/**
 * What a rule can match on: a column of the deduplicated record (FOCUS or {@code x_} name), or a
 * value derived from one. The close reads the distinct combinations of the attributes its rules
 * use and places each combination once.
 */
public enum Attribute {
  PROVIDER("x_Provider"),
  BILLING_ACCOUNT("BillingAccountId"),
  /** AWS linked account, GCP project, Azure subscription: FOCUS SubAccountId. */
  SUB_ACCOUNT("SubAccountId"),
  RESOURCE_ID("ResourceId"),
  RESOURCE_TYPE("ResourceType"),
  SERVICE("ServiceName"),
  SERVICE_CATEGORY("ServiceCategory"),
  CHARGE_CATEGORY("ChargeCategory"),
  SKU("SkuId"),
  USAGE_TYPE("x_UsageType"),
  REGION("RegionId"),
  /** The Tags JSON object. */
  TAGS("Tags"),
  /**
   * The account the job extracted: its staging partition ({@code account=<id>}), as the dispatcher's
   * configuration names it. Read for {@link AccountBusinessUnits}; not a match key of rule files.
   */
  JOB_ACCOUNT("p_account");

  private final String column;

  Attribute(String column) {
    this.column = column;
  }

  /** The staged column this attribute is read from. */
  public String column() {
    return column;
  }

  /** Read from the staging partition, not from a column of the staged record. */
  public boolean fromPartition() {
    return this == JOB_ACCOUNT;
  }

  /**
   * The attribute a match key names. {@code account}, {@code project}, {@code subscription} and
   * {@code sub_account} all mean SubAccountId; {@code resource_group} is derived from ResourceId.
   */
  static Attribute forKey(String key) {
    return switch (key.toLowerCase(Locale.ROOT)) {
      case "provider" -> PROVIDER;
      case "billing_account" -> BILLING_ACCOUNT;
      case "account", "project", "subscription", "sub_account" -> SUB_ACCOUNT;
      case "resource_id", "resource_group" -> RESOURCE_ID;
      case "resource_type" -> RESOURCE_TYPE;
      case "service" -> SERVICE;
      case "service_category" -> SERVICE_CATEGORY;
      case "charge_category" -> CHARGE_CATEGORY;
      case "sku" -> SKU;
      case "usage_type" -> USAGE_TYPE;
      case "region" -> REGION;
      default -> key.toLowerCase(Locale.ROOT).startsWith("tag.") ? TAGS : null;
    };
  }
}
