package io.pgvault.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's figures: one row per measure (count, median, p99, max), printed and written as CSV. */
final class Table {

    private record Row(String measure, String unit, int n, double p50, double p99, double max, String goal) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String measure, String unit, List<Double> values, String goal) {
        List<Double> sorted = values.stream().filter(v -> v != null).sorted().toList();
        if (sorted.isEmpty()) {
            rows.add(new Row(measure, unit, 0, Double.NaN, Double.NaN, Double.NaN, goal));
            return;
        }
        rows.add(new Row(measure, unit, sorted.size(), percentile(sorted, 50), percentile(sorted, 99),
                sorted.get(sorted.size() - 1), goal));
    }

    /** The ratio of the medians of {@code a} and {@code b}; met when at most {@code bound}. */
    void ratio(String measure, List<Double> a, List<Double> b, double bound) {
        List<Double> sa = a.stream().sorted().toList();
        List<Double> sb = b.stream().sorted().toList();
        double r = sa.isEmpty() || sb.isEmpty() ? Double.NaN : percentile(sa, 50) / percentile(sb, 50);
        rows.add(new Row(measure, "x", Math.min(sa.size(), sb.size()), r, Double.NaN, Double.NaN,
                String.format(Locale.ROOT, "<= %.2f %s", bound, r <= bound ? "met" : "NOT met")));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print() {
        System.out.printf(Locale.ROOT, "%n%-62s %6s %5s %12s %12s %12s  %s%n", "measure", "unit", "n", "median", "p99",
                "max", "goal");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-62s %6s %5d %12s %12s %12s  %s%n", r.measure(), r.unit(), r.n(), f(r.p50()),
                    f(r.p99()), f(r.max()), r.goal());
        }
    }

    String csv() {
        StringBuilder out = new StringBuilder("measure,unit,n,median,p99,max,goal\n");
        for (Row r : rows) {
            out.append('"').append(r.measure().replace("\"", "'")).append("\",").append(r.unit()).append(',').append(r.n())
                    .append(',').append(f(r.p50())).append(',').append(f(r.p99())).append(',').append(f(r.max()))
                    .append(",\"").append(r.goal()).append("\"\n");
        }
        return out.toString();
    }

    private static String f(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
