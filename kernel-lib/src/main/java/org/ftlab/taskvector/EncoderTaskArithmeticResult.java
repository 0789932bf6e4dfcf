package org.ftlab.taskvector;

import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import org.ftlab.plot.Plots;
import org.ftlab.util.Json;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Outcome of {@link EncoderTaskArithmetic}: task-vector cosines (Figure 3 left of paper 1),
 * accuracies of the pretrained, fine-tuned, added ({@code θ_PT + λ Σ τ_t}, eq. 25) and negated
 * ({@code θ_PT − λ τ_t}) encoders, each scored with the task's own trained head, and the
 * normalised accuracy {@code acc(multitask)/acc(f_FT)} of Figure 3 (right). Task index {@code t}
 * follows {@link #tasks()}; {@code λ} index {@code l} follows {@link #lambdas()}.
 */
public final class EncoderTaskArithmeticResult implements Displayable {
    private final String model;
    private final String mode;
    private final int lastK;
    private final long parameters;
    private final int trainSize;
    private final int epochs;
    private final String[] tasks;
    private final int[] testSizes;
    private final double[] chance;
    private final double[][] cosine;
    private final double[] norms;
    private final double[] accPt;
    private final double[] accFt;
    private final double[] reportedFt;
    private final int[] bestEpoch;
    private final double[] lambdas;
    private final double[][] added;
    private final double negationLambda;
    private final double[][] negated;
    private final int target;
    private final int control;
    private final double[][] negSweep;
    private final double[] ftSeconds;
    private final double fineTuneSeconds;
    private final double arithmeticSeconds;
    private final long peakRss;

    EncoderTaskArithmeticResult(String model, String mode, int lastK, long parameters, int trainSize,
            int epochs, String[] tasks, int[] testSizes, double[] chance, double[][] cosine,
            double[] norms, double[] accPt, double[] accFt, double[] reportedFt, int[] bestEpoch,
            double[] lambdas, double[][] added, double negationLambda, double[][] negated, int target,
            int control, double[][] negSweep, double[] ftSeconds, double fineTuneSeconds,
            double arithmeticSeconds, long peakRss) {
        this.model = model;
        this.mode = mode;
        this.lastK = lastK;
        this.parameters = parameters;
        this.trainSize = trainSize;
        this.epochs = epochs;
        this.tasks = tasks;
        this.testSizes = testSizes;
        this.chance = chance;
        this.cosine = cosine;
        this.norms = norms;
        this.accPt = accPt;
        this.accFt = accFt;
        this.reportedFt = reportedFt;
        this.bestEpoch = bestEpoch;
        this.lambdas = lambdas;
        this.added = added;
        this.negationLambda = negationLambda;
        this.negated = negated;
        this.target = target;
        this.control = control;
        this.negSweep = negSweep;
        this.ftSeconds = ftSeconds;
        this.fineTuneSeconds = fineTuneSeconds;
        this.arithmeticSeconds = arithmeticSeconds;
        this.peakRss = peakRss;
    }

    /** @return task (dataset) names */
    public List<String> tasks() {
        return List.of(tasks);
    }

    /** @return "LAST_K" or "FULL" */
    public String mode() {
        return mode;
    }

    /** @return scalar encoder parameters each task vector covers (the trained tensors) */
    public long taskVectorSize() {
        return parameters;
    }

    /**
     * @return cosine similarities of the task vectors, {@code m×m} (Figure 3, left); NaN in the
     *     rows and columns of a task that kept epoch 0 ({@code τ = 0}; the heat map shows 0)
     */
    public double[][] cosine() {
        return copy(cosine);
    }

    /** @return {@code ||τ_t||_2} per task */
    public double[] norms() {
        return norms.clone();
    }

    /** @return test accuracy of the pretrained encoder with each task's trained head */
    public double[] pretrainedAccuracy() {
        return accPt.clone();
    }

    /** @return test accuracy of each task's fine-tuned model {@code f_FT,t} */
    public double[] fineTunedAccuracy() {
        return accFt.clone();
    }

    /**
     * @return test accuracy as reported by {@code EncoderFineTuner}: the same test sample, batches and
     *     float32 operations as {@link #fineTunedAccuracy()}'s re-scoring, so the two agree (bit for bit
     *     when the fine-tuning also ran with one intra-op thread, as the re-scoring does; 1 and 2
     *     threads gave the same forward passes on the 2-core machine)
     */
    public double[] fineTunerReportedAccuracy() {
        return reportedFt.clone();
    }

    /** @return accuracy of always answering the most frequent test label, per task */
    public double[] chanceAccuracy() {
        return chance.clone();
    }

    /** @return the scaling coefficients {@code λ} */
    public double[] lambdas() {
        return lambdas.clone();
    }

    /** @return {@code [l][t]}: accuracy of {@code θ_PT + λ_l Σ τ} on task {@code t} (own head) */
    public double[][] addedAccuracy() {
        return copy(added);
    }

    /** @return {@code [l][t]}: {@link #addedAccuracy()} divided by {@code acc(f_FT,t)} (Figure 3, right) */
    public double[][] normalisedAccuracy() {
        double[][] n = copy(added);
        for (double[] row : n) {
            for (int t = 0; t < row.length; t++) {
                row[t] /= accFt[t];
            }
        }
        return n;
    }

    /**
     * @param lambda a value of {@link #lambdas()}
     * @return normalised accuracy per task at that {@code λ}
     * @throws IllegalArgumentException if {@code lambda} is not in the sweep
     */
    public double[] normalisedAccuracyAt(double lambda) {
        return normalisedAccuracy()[index(lambda)];
    }

    /** @return the coefficient of {@link #negatedAccuracy()} */
    public double negationLambda() {
        return negationLambda;
    }

    /** @return {@code [t][s]}: accuracy of {@code θ_PT − λ_neg τ_t} on task {@code s} (own head) */
    public double[][] negatedAccuracy() {
        return copy(negated);
    }

    /** @return names of the negation sweep's target and control tasks */
    public List<String> negationPair() {
        return List.of(tasks[target], tasks[control]);
    }

    /** @return {@code [0][l]} target, {@code [1][l]} control: accuracy of {@code θ_PT − λ_l τ_target} */
    public double[][] negationSweep() {
        return copy(negSweep);
    }

    /** @return wall-clock seconds: fine-tuning (loading and caching included), then arithmetic */
    public double[] seconds() {
        return new double[] {fineTuneSeconds, arithmeticSeconds};
    }

    /** @return peak resident set size of the process after the run, bytes */
    public long peakRssBytes() {
        return peakRss;
    }

    private int index(double lambda) {
        for (int l = 0; l < lambdas.length; l++) {
            if (lambdas[l] == lambda) {
                return l;
            }
        }
        throw new IllegalArgumentException("lambda: " + lambda + " not in the sweep " + Arrays.toString(lambdas));
    }

    private boolean hasOne() {
        return Arrays.stream(lambdas).anyMatch(l -> l == 1.0);
    }

    /** @return every number as one JSON object */
    public Json toJson() {
        Json j = Json.object().put("model", model).put("mode", mode).put("lastK", lastK)
                .put("taskVectorParameters", parameters).put("trainSize", trainSize).put("epochs", epochs);
        List<Json> per = new ArrayList<>();
        double[][] norm = normalisedAccuracy();
        for (int t = 0; t < tasks.length; t++) {
            Json p = Json.object().put("task", tasks[t]).put("testSize", testSizes[t])
                    .put("chance", chance[t]).put("tauNorm", norms[t]).put("bestEpoch", bestEpoch[t])
                    .put("pretrained", accPt[t]).put("fineTuned", accFt[t])
                    .put("fineTunerReported", reportedFt[t]).put("cosine", cosine[t])
                    .put("negatedOwn", negated[t][t]).put("negatedRow", negated[t])
                    .put("fineTuneSeconds", ftSeconds[t]);
            double[] a = new double[lambdas.length];
            double[] n = new double[lambdas.length];
            for (int l = 0; l < lambdas.length; l++) {
                a[l] = added[l][t];
                n[l] = norm[l][t];
            }
            p.put("added", a).put("normalised", n);
            if (hasOne()) {
                p.put("addedAtOne", added[index(1.0)][t]).put("normalisedAtOne", norm[index(1.0)][t]);
            }
            per.add(p);
        }
        j.put("tasks", per).put("lambdas", lambdas).put("negationLambda", negationLambda)
                .put("negation", Json.object().put("target", tasks[target]).put("control", tasks[control])
                        .put("targetAccuracy", negSweep[0]).put("controlAccuracy", negSweep[1])
                        .put("targetChance", chance[target]).put("controlChance", chance[control]));
        return j.put("fineTuneSeconds", fineTuneSeconds).put("arithmeticSeconds", arithmeticSeconds)
                .put("peakRssBytes", peakRss);
    }

    @Override
    public String summaryText() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "EncoderTaskArithmetic{%s %s%s, %.2f M params/τ", model, mode,
                lastK > 0 ? " k=" + lastK : "", parameters / 1e6));
        if (hasOne()) {
            double[] n = normalisedAccuracyAt(1.0);
            for (int t = 0; t < tasks.length; t++) {
                sb.append(String.format(Locale.ROOT, ", %s FT %.3f add/FT %.3f", tasks[t], accFt[t], n[t]));
            }
        }
        return sb.append('}').toString();
    }

    @Override
    public String toString() {
        return summaryText();
    }

    @Override
    public String summaryHtml() {
        boolean one = hasOne();
        double[] n1 = one ? normalisedAccuracyAt(1.0) : null;
        List<String[]> rows = new ArrayList<>();
        for (int t = 0; t < tasks.length; t++) {
            double gain = accFt[t] - accPt[t];
            double kept = one && Math.abs(gain) > 1e-12
                    ? (added[index(1.0)][t] - accPt[t]) / gain : Double.NaN;
            double other = 0;
            for (int s = 0; s < tasks.length; s++) {
                other += s == t ? 0 : negated[t][s] - accPt[s];
            }
            rows.add(new String[] {tasks[t], String.valueOf(testSizes[t]), HtmlTable.num(norms[t]),
                f(chance[t]), f(accPt[t]), f(accFt[t]) + " (epoch " + bestEpoch[t] + ")",
                one ? f(added[index(1.0)][t]) : "-", one ? f(n1[t]) : "-",
                Double.isNaN(kept) ? "-" : String.format(Locale.ROOT, "%.2f", kept),
                f(negated[t][t]), String.format(Locale.ROOT, "%+.3f", other / (tasks.length - 1))});
        }
        String main = HtmlTable.of(String.format(Locale.ROOT,
                "Task vectors of %s (%s%s, %.2f M parameters each; %d training examples, %d epochs):"
                        + " test accuracy with each task's own head", model, mode,
                lastK > 0 ? " k=" + lastK : "", parameters / 1e6, trainSize, epochs),
                new String[] {"task", "test n", "||τ||", "majority class", "θ_PT", "f_FT",
                    "θ_PT + Στ", "normalised (÷ f_FT)", "FT gain kept", "θ_PT − " + fmtL(negationLambda)
                        + "τ own", "θ_PT − " + fmtL(negationLambda) + "τ: mean change on others"},
                rows);
        List<String[]> cos = new ArrayList<>();
        for (int s = 0; s < tasks.length; s++) {
            String[] r = new String[tasks.length + 1];
            r[0] = tasks[s];
            for (int t = 0; t < tasks.length; t++) {
                r[t + 1] = String.format(Locale.ROOT, "%.3f", cosine[s][t]);
            }
            cos.add(r);
        }
        String[] head = new String[tasks.length + 1];
        head[0] = "cos(τ_s, τ_t)";
        System.arraycopy(tasks, 0, head, 1, tasks.length);
        String c = HtmlTable.of("Cosine similarity of task vectors (Figure 3, left)", head, cos);
        List<String[]> ns = new ArrayList<>();
        for (int l = 0; l < lambdas.length; l++) {
            ns.add(new String[] {fmtL(lambdas[l]), f(negSweep[0][l]), f(negSweep[1][l])});
        }
        String neg = HtmlTable.of("Negation θ_PT − λ τ_" + tasks[target] + ": target " + tasks[target]
                + " (majority class " + f(chance[target]) + "), control " + tasks[control]
                + " (majority class " + f(chance[control]) + ")",
                new String[] {"λ", "acc " + tasks[target], "acc " + tasks[control]}, ns);
        return main + "<br>" + c + "<br>" + neg + String.format(Locale.ROOT,
                "<p>fine-tuning %.1f s, arithmetic %.1f s, peak RSS %.2f GB</p>", fineTuneSeconds,
                arithmeticSeconds, peakRss / 1e9);
    }

    @Override
    public List<Chart<?, ?>> charts() {
        List<Chart<?, ?>> charts = new ArrayList<>();
        // colour range a little wider than [-1, 1]: XChart 4.0.3 indexes past its colour array for
        // a value at the computed maximum
        var h = Plots.heatmap("Cosine similarity of task vectors τ = θ_FT − θ_PT", rounded(cosine),
                List.of(tasks));
        h.getStyler().setMin(-1.001);
        h.getStyler().setMax(1.001);
        charts.add(h);
        if (hasOne()) {
            CategoryChart bar = new CategoryChartBuilder().width(720).height(420)
                    .title("Multitask θ_PT + Σ τ_t vs fine-tuned, own head per task")
                    .xAxisTitle("task").yAxisTitle("test accuracy / accuracy of own f_FT").build();
            bar.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            bar.getStyler().setChartBackgroundColor(Color.WHITE);
            bar.getStyler().setPlotBackgroundColor(Color.WHITE);
            bar.getStyler().setYAxisDecimalPattern("0.00");
            double[] pt = new double[tasks.length];
            double[] ch = new double[tasks.length];
            for (int t = 0; t < tasks.length; t++) {
                pt[t] = accPt[t] / accFt[t];
                ch[t] = chance[t] / accFt[t];
            }
            List<String> x = List.of(tasks);
            bar.addSeries("majority class", x, box(ch));
            bar.addSeries("θ_PT (λ = 0)", x, box(pt));
            bar.addSeries("multitask θ_PT + Σ τ (λ = 1)", x, box(normalisedAccuracyAt(1.0)));
            charts.add(bar);
        }
        XYChart sweep = Plots.xy("Addition θ_PT + λ Σ τ_t: normalised accuracy",
                "scaling coefficient λ", "test accuracy / accuracy of own f_FT");
        double[][] norm = normalisedAccuracy();
        for (int t = 0; t < tasks.length; t++) {
            double[] y = new double[lambdas.length];
            for (int l = 0; l < lambdas.length; l++) {
                y[l] = norm[l][t];
            }
            Plots.line(sweep, tasks[t], lambdas, y).setMarker(SeriesMarkers.CIRCLE);
        }
        charts.add(sweep);
        XYChart neg = Plots.xy("Negation θ_PT − λ τ_" + tasks[target], "scaling coefficient λ",
                "test accuracy");
        Color tc = new Color(0x1f77b4);
        Color cc = new Color(0xff7f0e);
        var ts = Plots.line(neg, "target " + tasks[target], lambdas, negSweep[0]);
        ts.setMarker(SeriesMarkers.CIRCLE);
        ts.setLineColor(tc);
        ts.setMarkerColor(tc);
        var cs = Plots.line(neg, "control " + tasks[control], lambdas, negSweep[1]);
        cs.setMarker(SeriesMarkers.DIAMOND);
        cs.setLineColor(cc);
        cs.setMarkerColor(cc);
        double[] ends = {lambdas[0], lambdas[lambdas.length - 1]};
        if (ends[0] == ends[1]) {
            ends[1] = ends[0] + 1;
        }
        var tm = Plots.line(neg, "majority class, " + tasks[target], ends,
                new double[] {chance[target], chance[target]});
        tm.setLineStyle(SeriesLines.DASH_DASH);
        tm.setLineColor(tc);
        tm.setMarker(SeriesMarkers.NONE);
        var cm = Plots.line(neg, "majority class, " + tasks[control], ends,
                new double[] {chance[control], chance[control]});
        cm.setLineStyle(SeriesLines.DASH_DASH);
        cm.setLineColor(cc);
        cm.setMarker(SeriesMarkers.NONE);
        charts.add(neg);
        return charts;
    }

    private static List<Double> box(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double d : v) {
            out.add(d);
        }
        return out;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmtL(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static double[][] rounded(double[][] m) {
        double[][] c = copy(m);
        for (double[] row : c) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Double.isNaN(row[j]) ? 0 : Math.round(row[j] * 100) / 100.0; // NaN: τ = 0
            }
        }
        return c;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
