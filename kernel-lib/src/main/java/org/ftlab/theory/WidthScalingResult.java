package org.ftlab.theory;

import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import org.ftlab.plot.Plots;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Measurements of {@link WidthScaling}: per width {@code n} (rows) and seed (columns) the NTK
 * drift {@code sup_τ ||K_PT − K_τ||_F}, its value relative to {@code ||K_PT||_F}, the
 * linearisation error of Lemma 1 on held-out inputs and the size of the change {@code ||f_FT −
 * f_PT||}; slopes are fitted to the geometric means over seeds and compared with the {@code −1/2}
 * of eq. (17).
 */
public final class WidthScalingResult implements Displayable {

    /** The exponent of eq. (17): drift and linearisation error are {@code O(n^{-1/2})}. */
    public static final double PAPER_SLOPE = -0.5;

    private final int[] widths;
    private final long[] seeds;
    private final double[][] drift;
    private final double[][] relativeDrift;
    private final double[][] linearisationError;
    private final double[][] change;
    private final double[][] trainLoss;
    private final int[] trajectorySteps;
    private final List<double[]> trajectories;
    private final String parameterization;
    private final double eta0;
    private final int steps;

    WidthScalingResult(int[] widths, long[] seeds, double[][] drift, double[][] relativeDrift,
            double[][] linearisationError, double[][] change, double[][] trainLoss,
            int[] trajectorySteps, List<double[]> trajectories, String parameterization,
            double eta0, int steps) {
        this.widths = widths;
        this.seeds = seeds;
        this.drift = drift;
        this.relativeDrift = relativeDrift;
        this.linearisationError = linearisationError;
        this.change = change;
        this.trainLoss = trainLoss;
        this.trajectorySteps = trajectorySteps;
        this.trajectories = trajectories;
        this.parameterization = parameterization;
        this.eta0 = eta0;
        this.steps = steps;
    }

    /** @return the widths {@code n} */
    public int[] widths() {
        return widths.clone();
    }

    /** @return drift per width: geometric mean over seeds */
    public double[] drift() {
        return geo(drift);
    }

    /** @return relative drift per width: geometric mean over seeds */
    public double[] relativeDrift() {
        return geo(relativeDrift);
    }

    /** @return linearisation error (rms) per width: geometric mean over seeds */
    public double[] linearisationError() {
        return geo(linearisationError);
    }

    /** @return rms change {@code f_FT − f_PT} per width: geometric mean over seeds */
    public double[] change() {
        return geo(change);
    }

    /** @return final fine-tuning training MSE per width: mean over seeds */
    public double[] trainLoss() {
        double[] r = new double[widths.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = SyntheticSetup.mean(trainLoss[i]);
        }
        return r;
    }

    /** @return log-log fit of the drift against width */
    public PowerLawFit driftFit() {
        return PowerLawFit.fit(doubles(widths), drift());
    }

    /** @return log-log fit of the relative drift against width */
    public PowerLawFit relativeDriftFit() {
        return PowerLawFit.fit(doubles(widths), relativeDrift());
    }

    /** @return log-log fit of the linearisation error against width */
    public PowerLawFit linearisationFit() {
        return PowerLawFit.fit(doubles(widths), linearisationError());
    }

    private static double[] geo(double[][] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = SyntheticSetup.geoMean(v[i]);
        }
        return r;
    }

    static double[] doubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Override
    public String summaryText() {
        return String.format("WidthScaling{%s, η0=%g, %d steps, widths=%s, seeds=%d: slope drift "
                + "%.3f, relative drift %.3f, linearisation %.3f (paper −0.5)}",
                parameterization, eta0, steps, java.util.Arrays.toString(widths), seeds.length,
                driftFit().slope(), relativeDriftFit().slope(), linearisationFit().slope());
    }

    @Override
    public String toString() {
        return summaryText();
    }

    @Override
    public String summaryHtml() {
        List<String[]> rows = new ArrayList<>();
        double[] d = drift();
        double[] rd = relativeDrift();
        double[] le = linearisationError();
        double[] ch = change();
        double[] tl = trainLoss();
        for (int i = 0; i < widths.length; i++) {
            rows.add(new String[] {String.valueOf(widths[i]), HtmlTable.num(d[i]),
                HtmlTable.num(rd[i]), HtmlTable.num(le[i]), HtmlTable.num(ch[i]),
                HtmlTable.num(tl[i])});
        }
        rows.add(new String[] {"slope (paper −0.5)", fmt(driftFit()), fmt(relativeDriftFit()),
            fmt(linearisationFit()), "", ""});
        return HtmlTable.of("NTK drift and linearisation error vs width (" + parameterization
                + ", η0=" + eta0 + ", " + steps + " GD steps, " + seeds.length
                + " seeds, geometric means)", new String[] {"width n",
                    "sup_τ ||K_PT − K_τ||_F", "relative drift", "rms linearisation error",
                    "rms ||f_FT − f_PT||", "final train MSE"}, rows);
    }

    private static String fmt(PowerLawFit f) {
        return String.format("%.3f (R²=%.2f)", f.slope(), f.rSquared());
    }

    @Override
    public List<Chart<?, ?>> charts() {
        List<Chart<?, ?>> charts = new ArrayList<>();
        double[] x = doubles(widths);
        XYChart c = Plots.logLog("NTK drift vs width (eq. 17)", "width n",
                "sup over τ of ||K_PT − K_τ||_F");
        addWithFit(c, "drift", x, drift(), driftFit(), 0);
        addWithFit(c, "relative drift", x, relativeDrift(), relativeDriftFit(), 1);
        Charts.decades(c, true, x);
        Charts.decades(c, false, drift(), relativeDrift());
        charts.add(c);
        XYChart l = Plots.logLog("Linearisation error vs width (Lemma 1)", "width n",
                "rms f_FT − (f_PT + J Δθ), held out");
        addWithFit(l, "linearisation error", x, linearisationError(), linearisationFit(), 0);
        Plots.points(l, "rms ||f_FT − f_PT|| (size of the change)", x, change())
                .setMarkerColor(Charts.COLORS[2]);
        Charts.decades(l, true, x);
        Charts.decades(l, false, linearisationError(), change());
        charts.add(l);
        if (trajectorySteps != null) {
            XYChart t = Plots.xy("Kernel drift along fine-tuning (seed " + seeds[0] + ")",
                    "GD step τ", "||K_PT − K_τ||_F");
            for (int i = 0; i < widths.length; i++) {
                Plots.line(t, "n = " + widths[i], doubles(trajectorySteps), trajectories.get(i));
            }
            charts.add(t);
        }
        return charts;
    }

    private static void addWithFit(XYChart c, String name, double[] x, double[] y,
            PowerLawFit fit, int color) {
        java.awt.Color col = Charts.COLORS[color];
        Plots.points(c, name, x, y).setMarkerColor(col);
        double[] f = new double[x.length];
        double[] ref = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = fit.predict(x[i]);
            ref[i] = y[0] * Math.pow(x[i] / x[0], PAPER_SLOPE);
        }
        Plots.line(c, name + String.format(" fit, slope %.2f", fit.slope()), x, f)
                .setLineColor(col);
        var paper = Plots.line(c, name + " slope −1/2 (paper)", x, ref);
        paper.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        paper.setLineColor(col.brighter());
    }
}
