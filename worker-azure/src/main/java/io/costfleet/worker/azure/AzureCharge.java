package io.costfleet.worker.azure;

import java.util.Locale;

/**
 * What Azure's charge columns ({@code ChargeType}, {@code Frequency}, {@code PricingModel},
 * {@code benefitId}/{@code ReservationId}) mean in FOCUS terms.
 *
 * <table>
 *   <caption>ChargeType</caption>
 *   <tr><th>Azure</th><th>ChargeCategory</th><th>ChargeClass</th></tr>
 *   <tr><td>Usage</td><td>Usage</td><td></td></tr>
 *   <tr><td>UnusedReservation, UnusedSavingsPlan</td><td>Usage (commitment Unused)</td><td></td></tr>
 *   <tr><td>Purchase</td><td>Purchase</td><td></td></tr>
 *   <tr><td>Refund</td><td>Purchase</td><td>Correction</td></tr>
 *   <tr><td>Tax</td><td>Tax</td><td></td></tr>
 *   <tr><td>Credit</td><td>Credit</td><td></td></tr>
 *   <tr><td>RoundingAdjustment and anything else</td><td>Adjustment</td><td></td></tr>
 * </table>
 *
 * @param chargeCategory        FOCUS ChargeCategory
 * @param chargeClass           {@code Correction} for refunds and rows correcting a previous invoice, else null
 * @param chargeFrequency       FOCUS ChargeFrequency
 * @param pricingCategory       FOCUS PricingCategory (OnDemand → Standard, Reservation/SavingsPlan → Committed, Spot → Dynamic)
 * @param commitmentId          the reservation or savings plan, if any
 * @param commitmentName        its name
 * @param commitmentType        {@code Reservation} or {@code Savings Plan}
 * @param commitmentCategory    {@code Usage} (reservations) or {@code Spend} (savings plans)
 * @param commitmentStatus      {@code Used}/{@code Unused} for usage rows a commitment covers
 * @param commitmentPurchase    the row buys (or refunds) a commitment: amortized elsewhere, so its EffectiveCost is 0
 * @param commitmentCovered     the row is usage a commitment paid for: not invoiced itself, so its amortized BilledCost is 0
 */
public record AzureCharge(
    String chargeCategory,
    String chargeClass,
    String chargeFrequency,
    String pricingCategory,
    String commitmentId,
    String commitmentName,
    String commitmentType,
    String commitmentCategory,
    String commitmentStatus,
    boolean commitmentPurchase,
    boolean commitmentCovered) {

  private static final String RESERVATION = "Reservation";
  private static final String SAVINGS_PLAN = "Savings Plan";

  /**
   * Interprets a row's charge columns (any may be null).
   *
   * @param correctsPreviousInvoice the row names a previous invoice (MCA {@code previousInvoiceId})
   */
  public static AzureCharge of(String chargeType, String frequency, String pricingModel, String benefitId,
      String benefitName, String reservationId, String reservationName, boolean correctsPreviousInvoice) {
    String type = norm(chargeType);
    String model = norm(pricingModel);
    String category = switch (type) {
      case "", "usage", "unusedreservation", "unusedsavingsplan" -> "Usage";
      case "purchase", "refund" -> "Purchase";
      case "tax" -> "Tax";
      case "credit" -> "Credit";
      default -> "Adjustment";
    };
    String chargeClass = type.equals("refund") || correctsPreviousInvoice ? "Correction" : null;

    String commitmentId = blankToNull(benefitId) != null ? benefitId.strip() : blankToNull(reservationId);
    String commitmentName = blankToNull(benefitName) != null ? benefitName.strip() : blankToNull(reservationName);
    String commitmentType = commitmentType(commitmentId, model, type);
    if (commitmentType == null && blankToNull(benefitId) == null && blankToNull(reservationId) != null) {
      // EA v2 actual cost names the reservation covering a usage row only in ReservationId.
      commitmentType = RESERVATION;
    }
    if (commitmentType == null) {
      commitmentId = null;
      commitmentName = null;
    }
    String commitmentCategory = commitmentType == null ? null
        : commitmentType.equals(RESERVATION) ? "Usage" : "Spend";
    boolean unused = type.equals("unusedreservation") || type.equals("unusedsavingsplan");
    boolean purchase = category.equals("Purchase") && commitmentType != null;
    boolean covered = category.equals("Usage") && commitmentType != null;
    String status = covered ? (unused ? "Unused" : "Used") : null;

    return new AzureCharge(category, chargeClass, frequency(frequency, category), pricingCategory(model, category),
        commitmentId, commitmentName, commitmentType, commitmentCategory, status, purchase, covered);
  }

  private static String commitmentType(String commitmentId, String model, String type) {
    String id = commitmentId == null ? "" : commitmentId.toLowerCase(Locale.ROOT);
    if (id.contains("/microsoft.billingbenefits/") || model.equals("savingsplan") || type.equals("unusedsavingsplan")) {
      return SAVINGS_PLAN;
    }
    if (id.contains("/microsoft.capacity/") || model.equals("reservation") || type.equals("unusedreservation")) {
      return RESERVATION;
    }
    return null;
  }

  private static String frequency(String frequency, String category) {
    return switch (norm(frequency)) {
      case "onetime" -> "One-Time";
      case "recurring" -> "Recurring";
      case "usagebased" -> "Usage-Based";
      default -> category.equals("Usage") ? "Usage-Based" : null;
    };
  }

  private static String pricingCategory(String model, String category) {
    return switch (model) {
      case "ondemand" -> "Standard";
      case "reservation", "savingsplan" -> "Committed";
      case "spot" -> "Dynamic";
      case "" -> category.equals("Usage") ? "Standard" : null;
      default -> "Other";
    };
  }

  private static String norm(String s) {
    return s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
