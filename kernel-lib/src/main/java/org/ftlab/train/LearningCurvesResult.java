package org.ftlab.train;

import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import org.ftlab.util.Json;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Learning curves of {@link LearningCurves} (paper 1, Figure 2 and Figure 10): per task, size and
 * seed the test metrics, with mean ± sample sd over seeds, a fitted power-law rate of the error, and
 * optionally the comparison of the task ranking with a β ranking ({@link BetaRanking}).
 */
public final class LearningCurvesResult implements Displayable {

    /**
     * One task's curve; metric arrays are {@code [size][seed]}, null when they do not apply.
     *
     * @param task dataset name
     * @param regression whether the metric is MSE (else accuracy and macro-F1)
     * @param sizes training-set sizes n (hold-out included)
     * @param seeds seeds of the runs
     * @param mse test MSE, regression only
     * @param accuracy test accuracy, classification only
     * @param macroF1 test macro-F1, classification only
     * @param bestEpoch epoch kept by hold-out early stopping
     * @param encoded examples the encoder ran on (each once; -1 without the cache)
     * @param seconds wall-clock seconds for this task
     */
    public record TaskCurve(String task, boolean regression, int[] sizes, long[] seeds, double[][] mse,
            double[][] accuracy, double[][] macroF1, double[][] bestEpoch, long encoded, double seconds) {

        /** @return the error per size and seed: MSE, or 1 − accuracy */
        public double[][] error() {
            if (regression) {
                return mse;
            }
            double[][] e = new double[accuracy.length][];
            for (int i = 0; i < e.length; i++) {
                e[i] = Arrays.stream(accuracy[i]).map(a -> 1 - a).toArray();
            }
            return e;
        }

        /** @return "MSE" or "1 - accuracy" */
        public String errorName() {
            return regression ? "MSE" : "1 - accuracy";
        }

        /**
         * Per seed, the least-squares slope {@code r} of {@code log(error)} on {@code log n} over all
         * sizes, sign flipped: error ≈ {@code c·n^{-r}}, the empirical counterpart of eq. (30)'s
         * {@code 2β/(2β+1)}. No floor is subtracted, so a task that has reached its noise level gets a
         * rate near 0. NaN with fewer than two sizes.
         *
         * @return rate per seed
         */
        public double[] rates() {
            double[][] err = error();
            double[] out = new double[seeds.length];
            for (int s = 0; s < seeds.length; s++) {
                double[] x = new double[sizes.length];
                double[] y = new double[sizes.length];
                for (int i = 0; i < sizes.length; i++) {
                    x[i] = Math.log(sizes[i]);
                    y[i] = Math.log(Math.max(err[i][s], 1e-12));
                }
                out[s] = -slope(x, y);
            }
            return out;
        }

        /** @return index of size {@code n} */
        public int indexOf(int n) {
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] == n) {
                    return i;
                }
            }
            throw new IllegalArgumentException("n: " + n + " is not one of the sizes " + Arrays.toString(sizes));
        }
    }

    private final Map<String, String> settings;
    private final List<TaskCurve> curves;
    private final List<BetaRanking> rankings;
    private final double seconds;
    private final long peakRssBytes;

    LearningCurvesResult(Map<String, String> settings, List<TaskCurve> curves, List<BetaRanking> rankings,
            double seconds, long peakRssBytes) {
        this.settings = new LinkedHashMap<>(settings);
        this.curves = List.copyOf(curves);
        this.rankings = List.copyOf(rankings);
        this.seconds = seconds;
        this.peakRssBytes = peakRssBytes;
    }

    /** @return the curves, one per task, in the order the tasks were given */
    public List<TaskCurve> curves() {
        return curves;
    }

    /** @return the curve of one task */
    public TaskCurve curve(String task) {
        for (TaskCurve c : curves) {
            if (c.task().equals(task)) {
                return c;
            }
        }
        throw new IllegalArgumentException("task: no curve for '" + task + "'");
    }

    /** @return the rankings attached with {@link #withRankings} */
    public List<BetaRanking> rankings() {
        return rankings;
    }

    /** @return wall-clock seconds of the whole run, loading included */
    public double seconds() {
        return seconds;
    }

    /** @return peak resident set size of the process after the run */
    public long peakRssBytes() {
        return peakRssBytes;
    }

    /** @return the settings shown in the summary */
    public Map<String, String> settings() {
        return java.util.Collections.unmodifiableMap(settings);
    }

    /**
     * Compares the tasks' learning speed with their β (paper 1, §6.3 and §7.1: larger β, fewer samples).
     *
     * @param source where the β come from (e.g. "ours, TaskSpectra N=100" or "paper")
     * @param beta β per task name; tasks without β are left out
     * @param n the size at which errors are compared (one of the sizes)
     * @return the comparison
     */
    public BetaRanking rankAgainst(String source, Map<String, Double> beta, int n) {
        return BetaRanking.compare(source, beta, curves, n);
    }

    /** @return a copy with these rankings attached (shown in the summary and the JSON) */
    public LearningCurvesResult withRankings(List<BetaRanking> r) {
        return new LearningCurvesResult(settings, curves, r, seconds, peakRssBytes);
    }

    static double mean(double[] x) {
        return org.ftlab.util.Stats.mean(x);
    }

    /** Sample standard deviation (n − 1); 0 for one value. */
    static double sd(double[] x) {
        return org.ftlab.util.Stats.sampleSd(x);
    }

    static double slope(double[] x, double[] y) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    private static double[] means(double[][] v) {
        return Arrays.stream(v).mapToDouble(LearningCurvesResult::mean).toArray();
    }

    private static double[] sds(double[][] v) {
        return Arrays.stream(v).mapToDouble(LearningCurvesResult::sd).toArray();
    }

    @Override
    public String summaryText() {
        StringBuilder sb = new StringBuilder("Learning curves (" + settings + ")\n");
        for (TaskCurve c : curves) {
            double[][] m = c.regression() ? c.mse() : c.accuracy();
            sb.append(String.format(Locale.ROOT, "%-8s %s:", c.task(), c.regression() ? "test MSE" : "test accuracy"));
            for (int i = 0; i < c.sizes().length; i++) {
                sb.append(String.format(Locale.ROOT, " n=%d %.4f±%.4f", c.sizes()[i], mean(m[i]), sd(m[i])));
            }
            double[] r = c.rates();
            sb.append(String.format(Locale.ROOT, "; rate %.3f±%.3f%n", mean(r), sd(r)));
        }
        for (BetaRanking r : rankings) {
            sb.append(r.summaryText()).append('\n');
        }
        return sb.append(String.format(Locale.ROOT, "%.1f s, peak RSS %.2f GB", seconds, peakRssBytes / 1e9))
                .toString();
    }

    @Override
    public String summaryHtml() {
        StringBuilder h = new StringBuilder("<table><caption style=\"caption-side:top;text-align:left;"
                + "font-weight:bold\">Learning curves: test metric, mean ± sd over seeds</caption><tr><th>task</th>"
                + "<th>n</th><th>test MSE</th><th>test accuracy</th><th>test macro-F1</th>"
                + "<th>chosen epoch (mean)</th></tr>");
        for (TaskCurve c : curves) {
            for (int i = 0; i < c.sizes().length; i++) {
                h.append("<tr><td>").append(c.task()).append("</td><td>").append(c.sizes()[i]).append("</td><td>")
                        .append(c.regression() ? pm(c.mse()[i]) : "").append("</td><td>")
                        .append(c.regression() ? "" : pm(c.accuracy()[i])).append("</td><td>")
                        .append(c.regression() ? "" : pm(c.macroF1()[i])).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.1f", mean(c.bestEpoch()[i]))).append("</td></tr>");
            }
        }
        h.append("</table><table><caption style=\"caption-side:top;text-align:left;font-weight:bold\">"
                + "Fitted rate r, error ≈ c·n^(-r) (mean ± sd over seeds)</caption><tr><th>task</th><th>error</th>"
                + "<th>rate r</th><th>examples encoded</th><th>seconds</th></tr>");
        for (TaskCurve c : curves) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%.1f</td></tr>",
                    c.task(), c.errorName(), pm(c.rates()), c.encoded(), c.seconds()));
        }
        h.append("</table>");
        for (BetaRanking r : rankings) {
            h.append(r.summaryHtml());
        }
        h.append("<p>");
        settings.forEach((k, v) -> h.append(k).append(": ").append(v).append("; "));
        return h.append(String.format(Locale.ROOT, "%.1f s, peak RSS %.2f GB</p>", seconds, peakRssBytes / 1e9))
                .toString();
    }

    private static String pm(double[] v) {
        return String.format(Locale.ROOT, "%.4g ± %.2g", mean(v), sd(v));
    }

    @Override
    public List<Chart<?, ?>> charts() {
        List<Chart<?, ?>> out = new ArrayList<>();
        List<TaskCurve> reg = curves.stream().filter(TaskCurve::regression).toList();
        List<TaskCurve> cls = curves.stream().filter(c -> !c.regression()).toList();
        if (!reg.isEmpty()) {
            out.add(chart("Test MSE against training-set size (mean ± sd over seeds)", "test MSE", reg, 0));
        }
        if (!cls.isEmpty()) {
            out.add(chart("Test accuracy against training-set size (mean ± sd over seeds)", "test accuracy", cls, 1));
            out.add(chart("Test macro-F1 against training-set size (mean ± sd over seeds)", "test macro-F1", cls, 2));
        }
        return out;
    }

    /** One metric (0 MSE, 1 accuracy, 2 macro-F1) of several tasks against n, log n axis. */
    private static XYChart chart(String title, String yLabel, List<TaskCurve> tasks, int metric) {
        // x = log2 n with tick labels 2^x: XChart's log axis labels whole decades only
        XYChart c = Plots.xy(title, "training examples n (hold-out included, log scale)", yLabel);
        c.getStyler().setxAxisTickLabelsFormattingFunction(
                x -> Long.toString(Math.round(Math.pow(2, x))));
        for (TaskCurve t : tasks) {
            double[][] v = metric == 0 ? t.mse() : metric == 1 ? t.accuracy() : t.macroF1();
            double[] x = Arrays.stream(t.sizes()).mapToDouble(n -> Math.log(n) / Math.log(2)).toArray();
            Plots.lineWithErrors(c, t.task(), x, means(v), sds(v));
        }
        return c;
    }

    /** @return one JSON object: settings, per task and size mean, sd and per-seed values, rates, rankings */
    public Json toJson() {
        Json j = Json.object();
        Json s = Json.object();
        settings.forEach(s::put);
        j.put("settings", s);
        List<Json> tasks = new ArrayList<>();
        for (TaskCurve c : curves) {
            Json t = Json.object().put("task", c.task()).put("type", c.regression() ? "REGRESSION" : "CLASSIFICATION")
                    .put("seeds", c.seeds());
            List<Json> rows = new ArrayList<>();
            for (int i = 0; i < c.sizes().length; i++) {
                Json row = Json.object().put("n", (long) c.sizes()[i]);
                if (c.regression()) {
                    row.put("mse", stat(c.mse()[i]));
                } else {
                    row.put("accuracy", stat(c.accuracy()[i])).put("macroF1", stat(c.macroF1()[i]));
                }
                rows.add(row.put("bestEpoch", c.bestEpoch()[i]));
            }
            t.put("sizes", rows).put("rate", stat(c.rates())).put("encoded", c.encoded()).put("seconds", c.seconds());
            tasks.add(t);
        }
        j.put("tasks", tasks);
        List<Json> r = new ArrayList<>();
        for (BetaRanking b : rankings) {
            r.add(b.toJson());
        }
        return j.put("rankings", r).put("seconds", seconds).put("peakRssBytes", peakRssBytes);
    }

    static Json stat(double[] v) {
        return Json.object().put("mean", mean(v)).put("sd", sd(v)).put("values", v);
    }
}
