package io.costfleet.worker.aws.cur;

/**
 * The CUR columns the normalizer reads, each by its canonical key: the legacy
 * {@code category/Name} spelling lower-cased with separators removed. {@code lineItem/UnblendedCost},
 * CUR 2.0's {@code line_item_unblended_cost} and a {@code product} map entry all resolve to the same
 * key ({@link CurColumns#canonical(String)}).
 */
enum CurField {
  LINE_ITEM_ID("identity/lineitemid"),
  TIME_INTERVAL("identity/timeinterval"),
  INVOICE_ID("bill/invoiceid"),
  BILLING_ENTITY("bill/billingentity"),
  BILL_TYPE("bill/billtype"),
  PAYER_ACCOUNT_ID("bill/payeraccountid"),
  PAYER_ACCOUNT_NAME("bill/payeraccountname"),
  BILLING_PERIOD_START("bill/billingperiodstartdate"),
  BILLING_PERIOD_END("bill/billingperiodenddate"),
  INVOICING_ENTITY("bill/invoicingentity"),
  USAGE_ACCOUNT_ID("lineitem/usageaccountid"),
  USAGE_ACCOUNT_NAME("lineitem/usageaccountname"),
  LINE_ITEM_TYPE("lineitem/lineitemtype"),
  USAGE_START("lineitem/usagestartdate"),
  USAGE_END("lineitem/usageenddate"),
  PRODUCT_CODE("lineitem/productcode"),
  USAGE_TYPE("lineitem/usagetype"),
  OPERATION("lineitem/operation"),
  AVAILABILITY_ZONE("lineitem/availabilityzone"),
  RESOURCE_ID("lineitem/resourceid"),
  USAGE_AMOUNT("lineitem/usageamount"),
  CURRENCY("lineitem/currencycode"),
  UNBLENDED_RATE("lineitem/unblendedrate"),
  UNBLENDED_COST("lineitem/unblendedcost"),
  NET_UNBLENDED_COST("lineitem/netunblendedcost"),
  DESCRIPTION("lineitem/lineitemdescription"),
  LEGAL_ENTITY("lineitem/legalentity"),
  PRODUCT_NAME("product/productname"),
  PRODUCT_REGION("product/region"),
  PRODUCT_REGION_CODE("product/regioncode"),
  PRODUCT_LOCATION("product/location"),
  PRODUCT_SKU("product/sku"),
  PRODUCT_SERVICECODE("product/servicecode"),
  PUBLIC_ON_DEMAND_COST("pricing/publicondemandcost"),
  PUBLIC_ON_DEMAND_RATE("pricing/publicondemandrate"),
  PRICING_UNIT("pricing/unit"),
  PRICING_TERM("pricing/term"),
  RATE_CODE("pricing/ratecode"),
  RATE_ID("pricing/rateid"),
  RESERVATION_ARN("reservation/reservationarn"),
  RESERVATION_EFFECTIVE_COST("reservation/effectivecost"),
  RESERVATION_NET_EFFECTIVE_COST("reservation/neteffectivecost"),
  RESERVATION_UNUSED_UPFRONT("reservation/unusedamortizedupfrontfeeforbillingperiod"),
  RESERVATION_UNUSED_RECURRING("reservation/unusedrecurringfee"),
  RESERVATION_TOTAL_RESERVED_UNITS("reservation/totalreservedunits"),
  SAVINGS_PLAN_ARN("savingsplan/savingsplanarn"),
  SAVINGS_PLAN_EFFECTIVE_COST("savingsplan/savingsplaneffectivecost"),
  SAVINGS_PLAN_NET_EFFECTIVE_COST("savingsplan/netsavingsplaneffectivecost"),
  SAVINGS_PLAN_TOTAL_COMMITMENT("savingsplan/totalcommitmenttodate"),
  SAVINGS_PLAN_USED_COMMITMENT("savingsplan/usedcommitment");

  private final String key;

  CurField(String key) {
    this.key = key;
  }

  String key() {
    return key;
  }
}
