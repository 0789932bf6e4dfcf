package org.ftlab.theory;

import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import org.ftlab.plot.Plots;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;

import java.util.ArrayList;
import java.util.List;

/**
 * Measurements of {@link SampleSizeScaling}: test error {@code ||f_T̂ − f_tgt||²} per {@code N_2}
 * and seed, the fitted log-log slope, the worst-case exponent {@code −1/2} of Theorems 1-2 (eq.
 * 15, 21) and the exponent {@code −2β/(2β+1)} of eq. (30) from the measured {@code β} of
 * {@code K_PT}.
 */
public final class SampleSizeResult implements Displayable {

    private final int[] sizes;
    private final long[] seeds;
    private final double[][] error;
    private final double[][] stopStep;
    private final double[] betas;
    private final double[] eigenvalues;
    private final int width;

    SampleSizeResult(int[] sizes, long[] seeds, double[][] error, double[][] stopStep,
            double[] betas, double[] eigenvalues, int width) {
        this.sizes = sizes;
        this.seeds = seeds;
        this.error = error;
        this.stopStep = stopStep;
        this.betas = betas;
        this.eigenvalues = eigenvalues;
        this.width = width;
    }

    /** @return the sample sizes {@code N_2} */
    public int[] sampleSizes() {
        return sizes.clone();
    }

    /** @return test error per {@code N_2}: geometric mean over seeds */
    public double[] testError() {
        double[] r = new double[sizes.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = SyntheticSetup.geoMean(error[i]);
        }
        return r;
    }

    /** @return log-log fit of the test error against {@code N_2} */
    public PowerLawFit fit() {
        return PowerLawFit.fit(WidthScalingResult.doubles(sizes), testError());
    }

    /** @return mean over seeds of the fitted {@code β} of {@code K_PT} (eq. 29, 32) */
    public double beta() {
        return SyntheticSetup.mean(betas);
    }

    /** @return the exponent {@code −2β/(2β+1)} of eq. (30) */
    public double predictedSlope() {
        double b = beta();
        return -2 * b / (2 * b + 1);
    }

    /** @return eigenvalues of {@code K_PT} (first seed), descending */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    @Override
    public String summaryText() {
        return String.format("SampleSizeScaling{width %d, N2=%s, seeds=%d: slope %.3f, "
                + "β=%.3f → eq. 30 slope %.3f, worst case −0.5}", width,
                java.util.Arrays.toString(sizes), seeds.length, fit().slope(), beta(),
                predictedSlope());
    }

    @Override
    public String toString() {
        return summaryText();
    }

    @Override
    public String summaryHtml() {
        List<String[]> rows = new ArrayList<>();
        double[] e = testError();
        for (int i = 0; i < sizes.length; i++) {
            rows.add(new String[] {String.valueOf(sizes[i]), HtmlTable.num(e[i]),
                HtmlTable.num(SyntheticSetup.mean(stopStep[i]))});
        }
        rows.add(new String[] {"fitted slope", String.format("%.3f (R²=%.2f)", fit().slope(),
            fit().rSquared()), ""});
        rows.add(new String[] {"eq. 30: −2β/(2β+1)", String.format("%.3f (β=%.3f)",
            predictedSlope(), beta()), ""});
        rows.add(new String[] {"Theorems 1-2 bound", "−0.5", ""});
        return HtmlTable.of("Fine-tuning test error vs N_2 (width " + width + ", "
                + seeds.length + " seeds, hold-out early stopping)",
                new String[] {"N_2", "||f − f_tgt||² (test)", "early-stopped step"}, rows);
    }

    @Override
    public List<Chart<?, ?>> charts() {
        List<Chart<?, ?>> charts = new ArrayList<>();
        double[] x = WidthScalingResult.doubles(sizes);
        double[] y = testError();
        XYChart c = Plots.logLog("Test error vs target sample size", "N_2 (training samples)",
                "||f − f_tgt||² on test inputs");
        Plots.points(c, "measured (geo. mean)", x, y).setMarkerColor(Charts.COLORS[0]);
        PowerLawFit f = fit();
        double[] fy = new double[x.length];
        double[] half = new double[x.length];
        double[] rate = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            fy[i] = f.predict(x[i]);
            half[i] = y[0] * Math.pow(x[i] / x[0], -0.5);
            rate[i] = y[0] * Math.pow(x[i] / x[0], predictedSlope());
        }
        Plots.line(c, String.format("fit, slope %.2f", f.slope()), x, fy)
                .setLineColor(Charts.COLORS[0]);
        var h = Plots.line(c, "N^-1/2 (Thm 1-2)", x, half);
        h.setLineStyle(SeriesLines.DASH_DASH);
        h.setLineColor(Charts.COLORS[1]);
        var p = Plots.line(c, String.format("N^-2β/(2β+1), β=%.2f", beta()), x, rate);
        p.setLineStyle(SeriesLines.DOT_DOT);
        p.setLineColor(Charts.COLORS[2]);
        Charts.decades(c, true, x);
        Charts.decades(c, false, y, half, rate);
        charts.add(c);
        double[] k = new double[eigenvalues.length];
        double[] ev = new double[eigenvalues.length];
        int m = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            if (eigenvalues[i] > 1e-12 * eigenvalues[0]) {
                k[m] = i + 1;
                ev[m++] = eigenvalues[i];
            }
        }
        XYChart s = Plots.logLog("Spectrum of K_PT on target inputs (eq. 29)", "rank k",
                "eigenvalue λ_k");
        Plots.points(s, "λ_k", java.util.Arrays.copyOf(k, m), java.util.Arrays.copyOf(ev, m));
        Charts.decades(s, true, java.util.Arrays.copyOf(k, m));
        Charts.decades(s, false, java.util.Arrays.copyOf(ev, m));
        charts.add(s);
        return charts;
    }
}
