package io.costfleet.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The deduplication key of a cost line: SHA-256 over, in this order,
 * {@code provider, billingAccountId, subAccountId}, then either the source's line-item id
 * (where the source has one: CUR {@code lineItem/LineItemId}-style identities), or
 * {@code resourceId, chargePeriodStart, chargePeriodEnd, skuOrMeter, chargeCategory,
 * pricingCategory}, then any provider-specific {@code discriminators} (e.g. a GCP credit type).
 *
 * <p>Each field is written as its UTF-8 length and bytes, nulls as length -1, so no two different
 * inputs encode alike ({@code ("a|b","")} differs from {@code ("a","|b")}). The same line restated
 * later gets the same key; close keeps the one with the latest {@code x_SourceVersion}.
 */
public record DedupeKey(
    String provider,
    String billingAccountId,
    String subAccountId,
    String lineItemId,
    String resourceId,
    Instant chargePeriodStart,
    Instant chargePeriodEnd,
    String skuOrMeter,
    String chargeCategory,
    String pricingCategory,
    List<String> discriminators) {

  public DedupeKey {
    Objects.requireNonNull(provider, "provider");
    discriminators = discriminators == null ? List.of() : List.copyOf(discriminators);
  }

  /** Key of a source with a line-item id. */
  public static DedupeKey ofLineItem(String provider, String billingAccountId, String subAccountId,
      String lineItemId, String... discriminators) {
    Objects.requireNonNull(lineItemId, "lineItemId");
    return new DedupeKey(provider, billingAccountId, subAccountId, lineItemId, null, null, null, null, null,
        null, List.of(discriminators));
  }

  /** Key of a source without a line-item id. */
  public static DedupeKey ofAttributes(String provider, String billingAccountId, String subAccountId,
      String resourceId, Instant chargePeriodStart, Instant chargePeriodEnd, String skuOrMeter,
      String chargeCategory, String pricingCategory, String... discriminators) {
    return new DedupeKey(provider, billingAccountId, subAccountId, null, resourceId, chargePeriodStart,
        chargePeriodEnd, skuOrMeter, chargeCategory, pricingCategory, List.of(discriminators));
  }

  /** Lower-case hex SHA-256 of the encoded fields. */
  public String hash() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
    put(digest, provider);
    put(digest, billingAccountId);
    put(digest, subAccountId);
    if (lineItemId != null) {
      put(digest, "L");
      put(digest, lineItemId);
    } else {
      put(digest, "A");
      put(digest, resourceId);
      put(digest, chargePeriodStart == null ? null : chargePeriodStart.toString());
      put(digest, chargePeriodEnd == null ? null : chargePeriodEnd.toString());
      put(digest, skuOrMeter);
      put(digest, chargeCategory);
      put(digest, pricingCategory);
    }
    put(digest, Integer.toString(discriminators.size()));
    for (String d : discriminators) {
      put(digest, d);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void put(MessageDigest digest, String value) {
    if (value == null) {
      digest.update(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int n = bytes.length;
    digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    digest.update(bytes);
  }
}
