package io.costfleet.worker.aws.cur;

import java.util.HashMap;
import java.util.Map;

/**
 * CUR {@code lineItem/LineItemType} values and what they are in FOCUS: the charge category, how
 * often the charge occurs, how its EffectiveCost (amortized) is computed, and whether it concerns a
 * commitment discount. Follows the FinOps Foundation's converter table
 * ({@code samples/focus/focus-converters-rules/aws-cur.csv}), except that credits and refunds are
 * FOCUS 1.x {@code Credit} (the converter predates that category and says {@code Adjustment}).
 */
enum CurLineItemType {
  USAGE("Usage", "Usage", Frequency.USAGE_BASED, Amortization.BILLED, Commitment.NONE),
  DISCOUNTED_USAGE("DiscountedUsage", "Usage", Frequency.USAGE_BASED, Amortization.RESERVATION_EFFECTIVE,
      Commitment.USED),
  SAVINGS_PLAN_COVERED_USAGE("SavingsPlanCoveredUsage", "Usage", Frequency.USAGE_BASED,
      Amortization.SAVINGS_PLAN_EFFECTIVE, Commitment.USED),
  SAVINGS_PLAN_NEGATION("SavingsPlanNegation", "Usage", Frequency.USAGE_BASED, Amortization.ZERO, Commitment.USED),
  BUNDLED_DISCOUNT("BundledDiscount", "Usage", Frequency.USAGE_BASED, Amortization.BILLED, Commitment.NONE),
  DISCOUNT("Discount", "Usage", Frequency.BY_BILL_TYPE, Amortization.BILLED, Commitment.NONE),
  EDP_DISCOUNT("EdpDiscount", "Usage", Frequency.BY_BILL_TYPE, Amortization.BILLED, Commitment.NONE),
  PRIVATE_RATE_DISCOUNT("PrivateRateDiscount", "Usage", Frequency.BY_BILL_TYPE, Amortization.BILLED, Commitment.NONE),
  DISTRIBUTOR_DISCOUNT("DistributorDiscount", "Usage", Frequency.BY_BILL_TYPE, Amortization.BILLED, Commitment.NONE),
  SPP_DISCOUNT("SppDiscount", "Usage", Frequency.BY_BILL_TYPE, Amortization.BILLED, Commitment.NONE),
  TAX("Tax", "Tax", Frequency.BY_BILL_TYPE, Amortization.BILLED, Commitment.NONE),
  CREDIT("Credit", "Credit", Frequency.BY_BILL_TYPE, Amortization.BILLED, Commitment.NONE),
  REFUND("Refund", "Credit", Frequency.ONE_TIME, Amortization.BILLED, Commitment.NONE),
  FEE("Fee", "Purchase", Frequency.ONE_TIME, Amortization.ZERO_IF_RESERVATION, Commitment.PURCHASE),
  RI_FEE("RIFee", "Purchase", Frequency.RECURRING, Amortization.RESERVATION_UNUSED, Commitment.PURCHASE),
  SAVINGS_PLAN_RECURRING_FEE("SavingsPlanRecurringFee", "Purchase", Frequency.RECURRING,
      Amortization.SAVINGS_PLAN_UNUSED, Commitment.PURCHASE),
  SAVINGS_PLAN_UPFRONT_FEE("SavingsPlanUpfrontFee", "Purchase", Frequency.ONE_TIME, Amortization.ZERO,
      Commitment.PURCHASE);

  /** FOCUS ChargeFrequency. */
  enum Frequency { USAGE_BASED, RECURRING, ONE_TIME, BY_BILL_TYPE }

  /** How EffectiveCost follows from the line. */
  enum Amortization {
    /** Same as BilledCost. */
    BILLED,
    /** 0: the cost is carried by the covered usage lines. */
    ZERO,
    /** 0 for an upfront reservation fee (amortized into DiscountedUsage), BilledCost for other fees. */
    ZERO_IF_RESERVATION,
    /** reservation/EffectiveCost. */
    RESERVATION_EFFECTIVE,
    /** reservation/UnusedAmortizedUpfrontFeeForBillingPeriod + reservation/UnusedRecurringFee. */
    RESERVATION_UNUSED,
    /** savingsPlan/SavingsPlanEffectiveCost. */
    SAVINGS_PLAN_EFFECTIVE,
    /** savingsPlan/TotalCommitmentToDate - savingsPlan/UsedCommitment. */
    SAVINGS_PLAN_UNUSED
  }

  /** How the line relates to a commitment discount. */
  enum Commitment { NONE, USED, PURCHASE }

  private static final Map<String, CurLineItemType> BY_NAME = new HashMap<>();

  static {
    for (CurLineItemType t : values()) {
      BY_NAME.put(t.cur, t);
    }
  }

  private final String cur;
  private final String chargeCategory;
  private final Frequency frequency;
  private final Amortization amortization;
  private final Commitment commitment;

  CurLineItemType(String cur, String chargeCategory, Frequency frequency, Amortization amortization,
      Commitment commitment) {
    this.cur = cur;
    this.chargeCategory = chargeCategory;
    this.frequency = frequency;
    this.amortization = amortization;
    this.commitment = commitment;
  }

  /** The type of a CUR value, or null if CUR has no such type (yet). */
  static CurLineItemType of(String value) {
    return BY_NAME.get(value);
  }

  String cur() {
    return cur;
  }

  String chargeCategory() {
    return chargeCategory;
  }

  Amortization amortization() {
    return amortization;
  }

  Commitment commitment() {
    return commitment;
  }

  /** FOCUS ChargeFrequency, given {@code bill/BillType} (Anniversary, Purchase, Refund) for types that depend on it. */
  String chargeFrequency(String billType) {
    return switch (frequency) {
      case USAGE_BASED -> "Usage-Based";
      case RECURRING -> "Recurring";
      case ONE_TIME -> "One-Time";
      case BY_BILL_TYPE -> billType == null || billType.equals("Anniversary") ? "Recurring" : "One-Time";
    };
  }

  /** Whether the line is consumption (it has a consumed quantity). */
  boolean consumption() {
    return this == USAGE || this == DISCOUNTED_USAGE || this == SAVINGS_PLAN_COVERED_USAGE;
  }
}
