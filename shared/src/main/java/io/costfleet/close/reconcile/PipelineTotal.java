package io.costfleet.close.reconcile;

import java.math.BigDecimal;

/** The pipeline's deduplicated total of one staged partition, billing currency and invoice. */
public record PipelineTotal(String provider, String account, String dataset, String currency, String invoiceId,
    BigDecimal billedCost, BigDecimal effectiveCost, long records) {}
