package com.cspmarket.portal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A SKU's price history as a small step chart (inline SVG drawn on the server: no script, no chart library). Each
 * price holds from its effective day until the next one; the last one until 30 days after it (or today, if later).
 */
final class PriceChart {

    private static final int WIDTH = 520;
    private static final int HEIGHT = 160;
    private static final int LEFT = 58;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;

    private PriceChart() {
    }

    static String svg(List<Map<String, Object>> history) {
        if (history.isEmpty()) {
            return null;
        }
        LocalDate first = LocalDate.parse(String.valueOf(history.get(0).get("effectiveFrom")));
        LocalDate lastStart = LocalDate.parse(String.valueOf(history.get(history.size() - 1).get("effectiveFrom")));
        LocalDate end = lastStart.plusDays(30);
        BigDecimal min = null;
        BigDecimal max = null;
        for (Map<String, Object> point : history) {
            BigDecimal price = new BigDecimal(String.valueOf(point.get("unitPrice")));
            min = min == null || price.compareTo(min) < 0 ? price : min;
            max = max == null || price.compareTo(max) > 0 ? price : max;
        }
        BigDecimal low = min.multiply(new BigDecimal("0.9")).setScale(2, RoundingMode.DOWN);
        BigDecimal high = max.multiply(new BigDecimal("1.1")).setScale(2, RoundingMode.UP);
        if (high.compareTo(low) == 0) {
            high = high.add(BigDecimal.ONE);
        }
        long days = Math.max(1, ChronoUnit.DAYS.between(first, end));
        String currency = String.valueOf(history.get(0).get("currency"));
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < history.size(); i++) {
            Map<String, Object> point = history.get(i);
            LocalDate from = LocalDate.parse(String.valueOf(point.get("effectiveFrom")));
            LocalDate to = i + 1 < history.size()
                    ? LocalDate.parse(String.valueOf(history.get(i + 1).get("effectiveFrom"))) : end;
            BigDecimal price = new BigDecimal(String.valueOf(point.get("unitPrice")));
            double x1 = x(first, from, days);
            double x2 = x(first, to, days);
            double y = y(price, low, high);
            path.append(i == 0 ? "M" : "L").append(fmt(x1)).append(' ').append(fmt(y))
                    .append(" L").append(fmt(x2)).append(' ').append(fmt(y)).append(' ');
            dots.append("<circle cx=\"").append(fmt(x1)).append("\" cy=\"").append(fmt(y)).append("\" r=\"3\"><title>")
                    .append(from).append(": ").append(price.toPlainString()).append(' ').append(escape(currency))
                    .append("</title></circle>");
        }
        String label = "Price history in " + currency + " from " + first + ": "
                + history.stream().map(p -> p.get("effectiveFrom") + " " + p.get("unitPrice")).toList();
        return "<svg class=\"chart\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\" aria-label=\""
                + escape(label) + "\" xmlns=\"http://www.w3.org/2000/svg\">"
                + "<line x1=\"" + LEFT + "\" y1=\"" + (HEIGHT - BOTTOM) + "\" x2=\"" + (WIDTH - RIGHT) + "\" y2=\""
                + (HEIGHT - BOTTOM) + "\" stroke=\"#b0b8c2\"/>"
                + "<line x1=\"" + LEFT + "\" y1=\"" + TOP + "\" x2=\"" + LEFT + "\" y2=\"" + (HEIGHT - BOTTOM)
                + "\" stroke=\"#b0b8c2\"/>"
                + text(LEFT - 6, TOP + 4, "end", high.toPlainString())
                + text(LEFT - 6, HEIGHT - BOTTOM, "end", low.toPlainString())
                + text(LEFT, HEIGHT - 8, "start", first.toString())
                + text(WIDTH - RIGHT, HEIGHT - 8, "end", end.toString())
                + "<path d=\"" + path.toString().strip() + "\" fill=\"none\" stroke=\"#0f5fc4\" stroke-width=\"2\"/>"
                + "<g fill=\"#0f5fc4\">" + dots + "</g></svg>";
    }

    private static String text(int x, int y, String anchor, String value) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"11\" fill=\"#5b6470\" text-anchor=\"" + anchor + "\">"
                + escape(value) + "</text>";
    }

    private static double x(LocalDate first, LocalDate day, long days) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (double) ChronoUnit.DAYS.between(first, day) / days;
    }

    private static double y(BigDecimal price, BigDecimal low, BigDecimal high) {
        double share = price.subtract(low).doubleValue() / high.subtract(low).doubleValue(); // drawing only, not money
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * share;
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
