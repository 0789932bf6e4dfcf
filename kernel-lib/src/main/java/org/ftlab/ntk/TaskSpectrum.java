package org.ftlab.ntk;

import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import org.ftlab.spectrum.BetaFit;
import org.ftlab.spectrum.PowerLawTail;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Result of {@link TaskSpectra}: the eigenvalue decay of the pretrained model's NTK on one task
 * over {@code R} random draws of {@code N} examples (paper 1, §7.1, eq. 29-32).
 */
public final class TaskSpectrum implements Displayable {

    /**
     * One draw.
     *
     * @param seed seed of the sample
     * @param eigenvalues eigenvalues of {@code K}, descending
     * @param fit least-squares fit of eq. (32)
     * @param tail MLE power-law tail fit (null if fewer than 10 positive eigenvalues)
     * @param parameterCount parameters whose gradients entered {@code J}
     * @param seconds wall-clock seconds of the kernel
     * @param gradientEvaluations per-sample forward+backward passes
     * @param sketchError predicted relative Frobenius error for SKETCH, NaN for EXACT
     * @param meanTokens mean real tokens per input (special tokens included)
     */
    public record Draw(long seed, double[] eigenvalues, BetaFit fit, PowerLawTail tail,
            long parameterCount, double seconds, long gradientEvaluations, double sketchError,
            double meanTokens) {

        /** @return β of this draw */
        public double beta() {
            return fit.beta();
        }

        /** @return {@code 1/(2(α̂ − 1))}, NaN without a tail fit */
        public double tailBeta() {
            return tail == null ? Double.NaN : PowerLawTail.betaFromAlpha(tail.alpha());
        }
    }

    private final String task;
    private final String model;
    private final int samples;
    private final int maxLength;
    private final String layersTrained;
    private final EmpiricalNtk.Mode mode;
    private final int sketchDim;
    private final List<Draw> draws;
    private final double seconds;

    TaskSpectrum(String task, String model, int samples, int maxLength, String layersTrained,
            EmpiricalNtk.Mode mode, int sketchDim, List<Draw> draws, double seconds) {
        this.task = task;
        this.model = model;
        this.samples = samples;
        this.maxLength = maxLength;
        this.layersTrained = layersTrained;
        this.mode = mode;
        this.sketchDim = sketchDim;
        this.draws = List.copyOf(draws);
        this.seconds = seconds;
    }

    /** @return task (dataset) name */
    public String task() {
        return task;
    }

    /** @return model name */
    public String model() {
        return model;
    }

    /** @return N, examples per draw */
    public int samples() {
        return samples;
    }

    /** @return tokens per input at most (special tokens included) */
    public int maxLength() {
        return maxLength;
    }

    /** @return "all" or the number of last layers in the NTK (plus the head) */
    public String layersTrained() {
        return layersTrained;
    }

    /** @return how each kernel was computed */
    public EmpiricalNtk.Mode mode() {
        return mode;
    }

    /** @return the draws in order */
    public List<Draw> draws() {
        return draws;
    }

    /** @return total wall-clock seconds */
    public double seconds() {
        return seconds;
    }

    /** @return β per draw */
    public double[] betas() {
        return draws.stream().mapToDouble(Draw::beta).toArray();
    }

    /** @return mean β over draws */
    public double betaMean() {
        return mean(betas());
    }

    /** @return sample standard deviation of β over draws (0 for one draw) */
    public double betaSd() {
        return sd(betas());
    }

    /**
     * @return {@code 2β/(2β+1)} for the mean β: the exponent of the rate {@code N^(-2β/(2β+1))} of
     *     eq. (30) of paper 1 (NaN when the mean β is not positive)
     */
    public double predictedRateExponent() {
        double b = betaMean();
        return b > 0 ? 2 * b / (2 * b + 1) : Double.NaN;
    }

    /** @return mean of the MLE-derived β over draws */
    public double tailBetaMean() {
        return mean(draws.stream().mapToDouble(Draw::tailBeta).toArray());
    }

    /** @return mean of the MLE tail exponent α̂ over draws */
    public double tailAlphaMean() {
        return mean(draws.stream()
                .mapToDouble(d -> d.tail() == null ? Double.NaN : d.tail().alpha()).toArray());
    }

    /** @return parameters in {@code J} */
    public long parameterCount() {
        return draws.get(0).parameterCount();
    }

    /** @return eigenvalues averaged over draws, rank by rank */
    public double[] meanEigenvalues() {
        double[] m = new double[samples];
        for (Draw d : draws) {
            for (int k = 0; k < samples; k++) {
                m[k] += d.eigenvalues()[k] / draws.size();
            }
        }
        return m;
    }

    static double mean(double[] x) {
        return org.ftlab.util.Stats.mean(x);
    }

    static double sd(double[] x) {
        return org.ftlab.util.Stats.sampleSd(x);
    }

    /**
     * Log-log chart of {@code λ_k/λ_1} against {@code k} for several tasks (draw 0 of each), with
     * the least-squares line of eq. (32) dashed, like the paper's figures 4-9.
     *
     * @param title chart title
     * @param spectra one or more results
     * @return the chart
     */
    public static XYChart decayChart(String title, List<TaskSpectrum> spectra) {
        XYChart c = Plots.logLog(title, "rank k", "lambda_k / lambda_1");
        int idx = 0;
        for (TaskSpectrum s : spectra) {
            java.awt.Color colour = PALETTE[idx++ % PALETTE.length];
            Draw d = s.draws.get(0);
            double[] ev = d.eigenvalues();
            int n = d.fit().kMax();
            double[] k = new double[n];
            double[] y = new double[n];
            double[] line = new double[n];
            for (int i = 0; i < n; i++) {
                k[i] = i + 1;
                y[i] = Math.max(ev[i] / ev[0], 1e-300);
                line[i] = Math.exp(d.fit().intercept() + d.fit().slope() * Math.log(k[i]));
            }
            var pts = Plots.points(c, s.task + String.format(Locale.ROOT, " (beta %.2f)", d.beta()),
                    k, y);
            pts.setMarkerColor(colour);
            var fitSeries = Plots.line(c, s.task + " fit", k, line);
            fitSeries.setLineColor(colour);
            fitSeries.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            fitSeries.setShowInLegend(false);
        }
        return c;
    }

    /** Colour-blind-safe colours (Okabe-Ito), one per task; a fit line takes its points' colour. */
    private static final java.awt.Color[] PALETTE = {
        new java.awt.Color(0x0072B2), new java.awt.Color(0xD55E00), new java.awt.Color(0x009E73),
        new java.awt.Color(0xCC79A7), new java.awt.Color(0xE69F00), new java.awt.Color(0x56B4E9),
        new java.awt.Color(0x000000)
    };

    @Override
    public String summaryText() {
        return String.format(Locale.ROOT,
                "%s: beta = %.3f ± %.3f over %d draws of N = %d (%s, %s, layers %s, P = %d,"
                        + " max %d tokens); MLE tail beta %.3f; %.1f s",
                task, betaMean(), betaSd(), draws.size(), samples, model, mode, layersTrained,
                parameterCount(), maxLength, tailBetaMean(), seconds);
    }

    @Override
    public String summaryHtml() {
        StringBuilder h = new StringBuilder("<table><tr><th>task</th><th>beta (mean ± sd)</th>"
                + "<th>draws</th><th>N</th><th>P</th><th>MLE tail beta</th><th>seconds</th></tr>");
        h.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%.3f ± %.3f</td><td>%d</td><td>%d</td><td>%d</td>"
                        + "<td>%.3f</td><td>%.1f</td></tr></table>",
                task, betaMean(), betaSd(), draws.size(), samples, parameterCount(),
                tailBetaMean(), seconds));
        h.append(String.format(Locale.ROOT, "<p>Predicted rate (eq. 30): ||f<sub>T_op</sub> - "
                + "f<sub>tgt</sub>||&sup2; ~ N<sup>-2&beta;/(2&beta;+1)</sup> = N<sup>-%.3f</sup>"
                + "</p>", predictedRateExponent()));
        return h.toString();
    }

    @Override
    public List<Chart<?, ?>> charts() {
        List<Chart<?, ?>> out = new ArrayList<>();
        out.add(decayChart("NTK eigenvalue decay: " + task, List.of(this)));
        return out;
    }

    @Override
    public String toString() {
        return summaryText();
    }
}
