package io.costfleet.close.report;

import io.costfleet.close.ChargebackRow;
import io.costfleet.staging.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The finance-facing outputs of a close: {@code chargeback.html} (one self-contained page: inline
 * CSS and SVG, no script, no external asset) and {@code chargeback.csv} (every chargeback row,
 * exact amounts). Charts plot EffectiveCost; tables show BilledCost and EffectiveCost, HALF_UP to
 * cents.
 */
public final class ChargebackReport {
  /** Chart colours; the headless-browser test looks for them in the screenshot. */
  public static final String COST_CENTER_COLOR = "#2563eb";
  public static final String SERVICE_COLOR = "#059669";
  public static final String TREND_COLOR = "#d97706";
  public static final String UNALLOCATED_COLOR = "#dc2626";
  public static final String ALLOCATED_COLOR = "#94a3b8";

  /** What the page says besides the rows. */
  public record Context(YearMonth period, String rulesVersion, String baseCurrency, String unallocatedCostCenter,
      String reconciliation, long stagedRecords, long keptRecords) {}

  private ChargebackReport() {}

  public static void writeCsv(Path file, List<ChargebackRow> rows) throws IOException {
    AtomicFiles.writeStream(file, out -> {
      OutputStreamWriter w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader("billing_period", "business_unit",
          "cost_center", "provider", "provider_name", "service_category", "service_name", "day", "allocation_rule",
          "allocation_method", "allocation_version", "currency", "billed_cost", "effective_cost").get())) {
        for (ChargebackRow r : rows) {
          p.printRecord(r.period(), r.businessUnit(), r.costCenter(), r.provider(), r.providerName(), r.serviceCategory(),
              r.serviceName(), r.day(), r.allocationRule(), r.allocationMethod(), r.allocationVersion(), r.currency(),
              plain(r.billedCost()), plain(r.effectiveCost()));
        }
      }
    });
  }

  private static String plain(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return (s.scale() < 2 ? s.setScale(2) : s).toPlainString();
  }

  public static void writeHtml(Path file, Context ctx, List<ChargebackRow> rows) throws IOException {
    AtomicFiles.writeBytes(file, html(ctx, rows).getBytes(StandardCharsets.UTF_8));
  }

  static String html(Context ctx, List<ChargebackRow> rows) {
    BigDecimal billed = sum(rows, ChargebackRow::billedCost);
    BigDecimal effective = sum(rows, ChargebackRow::effectiveCost);
    BigDecimal unallocated = rows.stream().filter(r -> r.costCenter().equals(ctx.unallocatedCostCenter()))
        .map(ChargebackRow::effectiveCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Chargeback ")
        .append(ctx.period()).append("</title>\n<style>")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#111;background:#fff}")
        .append("h1{margin:0 0 4px}.meta{color:#555;margin-bottom:16px}")
        .append(".cards{display:flex;gap:16px;margin:12px 0 20px}.card{border:1px solid #ddd;border-radius:6px;padding:10px 16px}")
        .append(".card b{display:block;font-size:20px}.charts{display:flex;flex-wrap:wrap;gap:24px}")
        .append("figure{margin:0;border:1px solid #eee;border-radius:6px;padding:8px}figcaption{font-weight:600;margin-bottom:6px}")
        .append("table{border-collapse:collapse;margin:8px 0 24px;min-width:640px}th,td{border-bottom:1px solid #e5e5e5;")
        .append("padding:4px 10px;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}")
        .append("tr.sub td{font-weight:600;background:#f6f6f6}tr.total td{font-weight:700;border-top:2px solid #333}")
        .append("</style></head><body>\n");
    h.append("<h1>Chargeback — ").append(ctx.period()).append("</h1>\n<div class=\"meta\">Amounts in ")
        .append(Html.esc(ctx.baseCurrency())).append(", rounded half-up to cents. Allocation rules version ")
        .append(Html.esc(ctx.rulesVersion())).append(". Reconciliation: ").append(Html.esc(ctx.reconciliation()))
        .append(". ").append(ctx.keptRecords()).append(" records after deduplication (")
        .append(ctx.stagedRecords() - ctx.keptRecords()).append(" duplicates dropped).</div>\n");
    h.append("<div class=\"cards\"><div class=\"card\">Billed cost<b id=\"total-billed\">").append(Html.money(billed))
        .append("</b></div><div class=\"card\">Effective cost<b id=\"total-effective\">").append(Html.money(effective))
        .append("</b></div><div class=\"card\">Unallocated<b id=\"total-unallocated\">").append(Html.money(unallocated))
        .append("</b></div></div>\n");

    h.append("<div class=\"charts\">\n<figure><figcaption>Effective cost by cost center</figcaption>")
        .append(Svg.bars("chart-cost-center", "Effective cost by cost center", top(rows, ChargebackRow::costCenter, 20),
            COST_CENTER_COLOR)).append("</figure>\n");
    h.append("<figure><figcaption>Effective cost by service</figcaption>")
        .append(Svg.bars("chart-service", "Effective cost by service", top(rows, r -> r.providerName() + " · "
            + r.serviceName(), 15), SERVICE_COLOR)).append("</figure>\n");
    h.append("<figure><figcaption>Daily effective cost</figcaption>")
        .append(Svg.line("chart-daily", "Daily effective cost", daily(rows), TREND_COLOR)).append("</figure>\n");
    h.append("<figure><figcaption>Unallocated share of effective cost</figcaption>")
        .append(Svg.donut("chart-unallocated", "Unallocated share", unallocated, effective, UNALLOCATED_COLOR, ALLOCATED_COLOR))
        .append("</figure>\n</div>\n");

    Map<String, List<ChargebackRow>> byUnit = new TreeMap<>();
    rows.forEach(r -> byUnit.computeIfAbsent(r.businessUnit(), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<ChargebackRow>> unit : byUnit.entrySet()) {
      h.append("<h2>Business unit: ").append(Html.esc(unit.getKey())).append("</h2>\n<table class=\"bu\"><thead><tr>")
          .append("<th>Cost center</th><th>Provider</th><th>Service</th><th class=\"n\">Billed cost</th>")
          .append("<th class=\"n\">Effective cost</th></tr></thead><tbody>\n");
      Map<String, Map<String, BigDecimal[]>> byCenter = new TreeMap<>();
      for (ChargebackRow r : unit.getValue()) {
        BigDecimal[] acc = byCenter.computeIfAbsent(r.costCenter(), k -> new TreeMap<>())
            .computeIfAbsent(r.providerName() + "\u0000" + r.serviceName(), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        acc[0] = acc[0].add(r.billedCost());
        acc[1] = acc[1].add(r.effectiveCost());
      }
      BigDecimal[] unitTotal = {BigDecimal.ZERO, BigDecimal.ZERO};
      for (Map.Entry<String, Map<String, BigDecimal[]>> cc : byCenter.entrySet()) {
        BigDecimal[] ccTotal = {BigDecimal.ZERO, BigDecimal.ZERO};
        for (Map.Entry<String, BigDecimal[]> svc : cc.getValue().entrySet()) {
          String[] ps = svc.getKey().split("\u0000", 2);
          h.append("<tr><td>").append(Html.esc(cc.getKey())).append("</td><td>").append(Html.esc(ps[0])).append("</td><td>")
              .append(Html.esc(ps[1])).append("</td><td class=\"n\">").append(Html.money(svc.getValue()[0]))
              .append("</td><td class=\"n\">").append(Html.money(svc.getValue()[1])).append("</td></tr>\n");
          ccTotal[0] = ccTotal[0].add(svc.getValue()[0]);
          ccTotal[1] = ccTotal[1].add(svc.getValue()[1]);
        }
        h.append("<tr class=\"sub\"><td colspan=\"3\">").append(Html.esc(cc.getKey())).append(" total</td><td class=\"n\">")
            .append(Html.money(ccTotal[0])).append("</td><td class=\"n\">").append(Html.money(ccTotal[1])).append("</td></tr>\n");
        unitTotal[0] = unitTotal[0].add(ccTotal[0]);
        unitTotal[1] = unitTotal[1].add(ccTotal[1]);
      }
      h.append("<tr class=\"total\"><td colspan=\"3\">").append(Html.esc(unit.getKey())).append(" total</td><td class=\"n\">")
          .append(Html.money(unitTotal[0])).append("</td><td class=\"n\">").append(Html.money(unitTotal[1]))
          .append("</td></tr>\n</tbody></table>\n");
    }
    h.append("<p class=\"meta\">Every figure is the exact sum rounded half-up to cents, so rounded lines may differ from ")
        .append("rounded totals by a cent. The exact rows are in chargeback.csv and the chargeback Parquet dataset.</p>\n")
        .append("</body></html>\n");
    return h.toString();
  }

  private static BigDecimal sum(List<ChargebackRow> rows, Function<ChargebackRow, BigDecimal> f) {
    return rows.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static List<Svg.Bar> top(List<ChargebackRow> rows, Function<ChargebackRow, String> key, int n) {
    Map<String, BigDecimal> totals = new TreeMap<>();
    rows.forEach(r -> totals.merge(String.valueOf(key.apply(r)), r.effectiveCost(), BigDecimal::add));
    List<Map.Entry<String, BigDecimal>> sorted = new ArrayList<>(totals.entrySet());
    sorted.sort(Map.Entry.<String, BigDecimal>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<Svg.Bar> out = new ArrayList<>();
    BigDecimal other = BigDecimal.ZERO;
    for (int i = 0; i < sorted.size(); i++) {
      if (i < n) {
        out.add(new Svg.Bar(sorted.get(i).getKey(), sorted.get(i).getValue()));
      } else {
        other = other.add(sorted.get(i).getValue());
      }
    }
    if (sorted.size() > n) {
      out.add(new Svg.Bar("all others (" + (sorted.size() - n) + ")", other, true));
    }
    return out;
  }

  private static List<Svg.Bar> daily(List<ChargebackRow> rows) {
    Map<LocalDate, BigDecimal> byDay = new TreeMap<>();
    rows.forEach(r -> byDay.merge(r.day(), r.effectiveCost(), BigDecimal::add));
    List<Svg.Bar> out = new ArrayList<>();
    byDay.forEach((d, v) -> out.add(new Svg.Bar(d.toString(), v.setScale(2, RoundingMode.HALF_UP))));
    return out;
  }
}
