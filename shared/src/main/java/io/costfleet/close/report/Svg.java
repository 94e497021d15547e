package io.costfleet.close.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Small inline SVG charts (no script, no external asset): horizontal bars, a line, a donut. */
final class Svg {
  /** One bar; {@code rest} marks the "all others" bar, drawn grey and kept out of the scale. */
  record Bar(String label, BigDecimal value, boolean rest) {
    Bar(String label, BigDecimal value) {
      this(label, value, false);
    }
  }

  private Svg() {}

  static String bars(String id, String title, List<Bar> bars, String color) {
    int rowH = 22;
    int labelW = 220;
    int chartW = 420;
    int width = labelW + chartW + 110;
    int height = Math.max(1, bars.size()) * rowH + 10;
    BigDecimal max = bars.stream().filter(b -> !b.rest()).map(Bar::value).map(BigDecimal::abs).max(BigDecimal::compareTo)
        .orElse(BigDecimal.ONE);
    if (max.signum() == 0) {
      max = BigDecimal.ONE;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("<svg id=\"").append(id).append("\" role=\"img\" aria-label=\"").append(Html.esc(title))
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\">");
    int y = 5;
    for (Bar b : bars) {
      int w = b.value().signum() <= 0 ? 0 : Math.min(chartW, b.value().multiply(BigDecimal.valueOf(chartW))
          .divide(max, 0, RoundingMode.HALF_UP).intValue());
      sb.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(y + 15)
          .append("\" text-anchor=\"end\" font-size=\"12\">").append(Html.esc(Html.shorten(b.label(), 32))).append("</text>");
      sb.append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 3).append("\" width=\"").append(Math.max(w, 1))
          .append("\" height=\"").append(rowH - 6).append("\" fill=\"").append(b.rest() ? "#cbd5e1" : color).append("\"><title>")
          .append(Html.esc(b.label())).append(": ").append(Html.money(b.value())).append("</title></rect>");
      sb.append("<text x=\"").append(labelW + Math.max(w, 1) + 6).append("\" y=\"").append(y + 15)
          .append("\" font-size=\"12\">").append(Html.money(b.value())).append("</text>");
      y += rowH;
    }
    return sb.append("</svg>").toString();
  }

  static String line(String id, String title, List<Bar> points, String color) {
    int width = 760;
    int height = 260;
    int left = 70;
    int right = 20;
    int top = 15;
    int bottom = 40;
    int plotW = width - left - right;
    int plotH = height - top - bottom;
    BigDecimal max = points.stream().map(Bar::value).max(BigDecimal::compareTo).orElse(BigDecimal.ONE);
    BigDecimal min = points.stream().map(Bar::value).min(BigDecimal::compareTo).orElse(BigDecimal.ZERO).min(BigDecimal.ZERO);
    BigDecimal span = max.subtract(min).signum() == 0 ? BigDecimal.ONE : max.subtract(min);
    StringBuilder sb = new StringBuilder();
    sb.append("<svg id=\"").append(id).append("\" role=\"img\" aria-label=\"").append(Html.esc(title))
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\">");
    sb.append("<line x1=\"").append(left).append("\" y1=\"").append(top + plotH).append("\" x2=\"").append(left + plotW)
        .append("\" y2=\"").append(top + plotH).append("\" stroke=\"#555\"/>");
    sb.append("<line x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"").append(left)
        .append("\" y2=\"").append(top + plotH).append("\" stroke=\"#555\"/>");
    sb.append("<text x=\"").append(left - 6).append("\" y=\"").append(top + 10).append("\" text-anchor=\"end\" font-size=\"11\">")
        .append(Html.money(max)).append("</text>");
    sb.append("<text x=\"").append(left - 6).append("\" y=\"").append(top + plotH).append("\" text-anchor=\"end\" font-size=\"11\">")
        .append(Html.money(min)).append("</text>");
    StringBuilder path = new StringBuilder();
    int n = points.size();
    for (int i = 0; i < n; i++) {
      int x = left + (n == 1 ? plotW / 2 : i * plotW / (n - 1));
      int y = top + plotH - points.get(i).value().subtract(min).multiply(BigDecimal.valueOf(plotH))
          .divide(span, 0, RoundingMode.HALF_UP).intValue();
      path.append(i == 0 ? "" : " ").append(x).append(',').append(y);
      sb.append("<circle cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"3\" fill=\"").append(color)
          .append("\"><title>").append(Html.esc(points.get(i).label())).append(": ").append(Html.money(points.get(i).value()))
          .append("</title></circle>");
      if (n <= 12 || i % Math.max(1, n / 8) == 0 || i == n - 1) {
        sb.append("<text x=\"").append(x).append("\" y=\"").append(top + plotH + 16)
            .append("\" text-anchor=\"middle\" font-size=\"10\">").append(Html.esc(points.get(i).label().substring(
                Math.max(0, points.get(i).label().length() - 5)))).append("</text>");
      }
    }
    sb.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"3\" points=\"").append(path)
        .append("\"/>");
    return sb.append("</svg>").toString();
  }

  static String donut(String id, String title, BigDecimal part, BigDecimal whole, String partColor, String restColor) {
    double share = whole.signum() == 0 ? 0 : Math.max(0, Math.min(1, part.divide(whole, 6, RoundingMode.HALF_UP).doubleValue()));
    double r = 70;
    double c = 2 * Math.PI * r;
    String dash = String.format(java.util.Locale.ROOT, "%.2f %.2f", share * c, c);
    String pct = whole.signum() == 0 ? "0.0%" : part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, RoundingMode.HALF_UP) + "%";
    return "<svg id=\"" + id + "\" role=\"img\" aria-label=\"" + Html.esc(title) + "\" viewBox=\"0 0 220 200\" width=\"220\" "
        + "height=\"200\">"
        + "<circle cx=\"110\" cy=\"100\" r=\"70\" fill=\"none\" stroke=\"" + restColor + "\" stroke-width=\"34\"/>"
        + "<circle cx=\"110\" cy=\"100\" r=\"70\" fill=\"none\" stroke=\"" + partColor + "\" stroke-width=\"34\" "
        + "stroke-dasharray=\"" + dash + "\" transform=\"rotate(-90 110 100)\"/>"
        + "<text x=\"110\" y=\"106\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"bold\">" + pct + "</text>"
        + "</svg>";
  }
}
