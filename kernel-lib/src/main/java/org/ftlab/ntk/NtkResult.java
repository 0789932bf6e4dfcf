package org.ftlab.ntk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import org.ftlab.spectrum.SymmetricEigen;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * An empirical kernel matrix {@code K = J J^T / N} (eq. 7 of paper 1), optionally divided by the
 * width {@code n} (eq. 37), with how it was obtained. In a notebook it shows a summary table, a
 * heat map of {@code K} and its spectrum on log-log axes ({@link Displayable}).
 */
public final class NtkResult implements Displayable {

    /**
     * Relative tolerance for symmetry and negative round-off eigenvalues in {@link #eigenvalues()}:
     * float32 Jacobians leave relative errors of order 1e-6 in {@code K}.
     */
    public static final double EIGEN_TOLERANCE = 1e-5;

    private final double[][] kernel;
    private final long parameterCount;
    private final EmpiricalNtk.Mode mode;
    private final int sketchDim;
    private final double widthNormalisation;
    private final double seconds;
    private final long peakGradientBytes;
    private final long gradientEvaluations;
    private final double expectedRelativeError;
    private final double trace;
    private double[] eigenvalues;

    NtkResult(
            double[][] kernel,
            long parameterCount,
            EmpiricalNtk.Mode mode,
            int sketchDim,
            double widthNormalisation,
            double seconds,
            long peakGradientBytes,
            long gradientEvaluations,
            double expectedRelativeError,
            double trace) {
        this.kernel = kernel;
        this.parameterCount = parameterCount;
        this.mode = mode;
        this.sketchDim = sketchDim;
        this.widthNormalisation = widthNormalisation;
        this.seconds = seconds;
        this.peakGradientBytes = peakGradientBytes;
        this.gradientEvaluations = gradientEvaluations;
        this.expectedRelativeError = expectedRelativeError;
        this.trace = trace;
    }

    /** @return a copy of {@code K}, {@code N×N}, symmetric */
    public double[][] kernel() {
        double[][] k = new double[kernel.length][];
        for (int i = 0; i < k.length; i++) {
            k[i] = kernel[i].clone();
        }
        return k;
    }

    /**
     * @param i row
     * @param j column
     * @return {@code K(i, j)}
     */
    public double get(int i, int j) {
        return kernel[i][j];
    }

    /** @return {@code N}, the number of inputs */
    public int sampleCount() {
        return kernel.length;
    }

    /** @return {@code P}, the number of parameters whose gradients enter {@code J} */
    public long parameterCount() {
        return parameterCount;
    }

    /** @return how {@code K} was computed */
    public EmpiricalNtk.Mode mode() {
        return mode;
    }

    /** @return the sketch dimension {@code D} (0 for EXACT) */
    public int sketchDim() {
        return sketchDim;
    }

    /** @return the width {@code n} of eq. (37) that {@code K} was divided by (1 if none) */
    public double widthNormalisation() {
        return widthNormalisation;
    }

    /** @return wall-clock seconds of the computation */
    public double seconds() {
        return seconds;
    }

    /** @return bytes of the largest set of gradient/sketch buffers held at once */
    public long peakGradientBytes() {
        return peakGradientBytes;
    }

    /**
     * @return number of per-sample forward+backward passes; {@code N} when all gradients fit the
     *     memory budget, more when EXACT mode recomputes (see {@link EmpiricalNtk})
     */
    public long gradientEvaluations() {
        return gradientEvaluations;
    }

    /**
     * @return for SKETCH, the predicted root-mean-square relative Frobenius error {@code ρ =
     *     sqrt(E||K̂ − K||_F²) / ||K||_F} (see {@link EmpiricalNtk}); NaN for EXACT. A plug-in
     *     value ({@code tr K} and {@code R} exact, {@code ||K||_F²} estimated from {@code K̂}),
     *     itself random with a relative spread of order {@code ρ} and an upward bias of order
     *     {@code ρ²}
     */
    public double expectedRelativeError() {
        return expectedRelativeError;
    }

    /** @return {@code tr K}, exact in both modes (from per-sample gradient norms) */
    public double trace() {
        return trace;
    }

    /**
     * Eigenvalues of {@code K}, descending, by {@link SymmetricEigen} with relative tolerance
     * {@link #EIGEN_TOLERANCE} (round-off negatives above {@code -tol·λ_1} become 0).
     *
     * @return a copy of the eigenvalues
     * @throws IllegalArgumentException if an eigenvalue is negative beyond the tolerance
     */
    public synchronized double[] eigenvalues() {
        if (eigenvalues == null) {
            eigenvalues = SymmetricEigen.decompose(kernel, false, EIGEN_TOLERANCE).values();
        }
        return eigenvalues.clone();
    }

    @Override
    public String summaryText() {
        return toString();
    }

    @Override
    public String summaryHtml() {
        StringBuilder sb = new StringBuilder("<table><caption style=\"caption-side:top;"
                + "text-align:left;font-weight:bold\">Empirical NTK K = J J^T / N (eq. 7)"
                + "</caption>");
        org.ftlab.report.HtmlTable.row(sb, "mode", mode + (mode == EmpiricalNtk.Mode.SKETCH ? " (D = " + sketchDim + ")" : ""));
        org.ftlab.report.HtmlTable.row(sb, "N (inputs)", String.valueOf(kernel.length));
        org.ftlab.report.HtmlTable.row(sb, "P (parameters in J)", String.valueOf(parameterCount));
        org.ftlab.report.HtmlTable.row(sb, "divided by width n (eq. 37)", fmt(widthNormalisation));
        org.ftlab.report.HtmlTable.row(sb, "trace K", fmt(trace));
        double[] ev = eigenvalues();
        org.ftlab.report.HtmlTable.row(sb, "lambda_1, lambda_N", fmt(ev[0]) + ", " + fmt(ev[ev.length - 1]));
        if (mode == EmpiricalNtk.Mode.SKETCH) {
            org.ftlab.report.HtmlTable.row(sb, "predicted relative Frobenius error", fmt(expectedRelativeError));
        }
        org.ftlab.report.HtmlTable.row(sb, "seconds", String.format(Locale.ROOT, "%.2f", seconds));
        org.ftlab.report.HtmlTable.row(sb, "gradient passes", String.valueOf(gradientEvaluations));
        org.ftlab.report.HtmlTable.row(sb, "gradient buffers (MiB)",
                String.format(Locale.ROOT, "%.1f", peakGradientBytes / 1048576.0));
        return sb.append("</table>").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * A heat map of {@code K} (inputs in the order given) and the positive eigenvalues of {@code
     * K} against their rank on log-log axes.
     */
    @Override
    public List<Chart<?, ?>> charts() {
        List<Chart<?, ?>> charts = new ArrayList<>();
        charts.add(Plots.heatmap("Empirical NTK K (" + mode + ", N = " + kernel.length + ")",
                kernel, "input i", "input j"));
        double[] ev = eigenvalues();
        int positive = 0;
        while (positive < ev.length && ev[positive] > 0) {
            positive++;
        }
        if (positive > 0) {
            double[] rank = new double[positive];
            double[] val = new double[positive];
            for (int k = 0; k < positive; k++) {
                rank[k] = k + 1;
                val[k] = ev[k];
            }
            XYChart c = Plots.logLog("Spectrum of K (" + positive + " positive of " + ev.length
                    + ")", "rank k", "eigenvalue lambda_k of K");
            Plots.points(c, "lambda_k", rank, val);
            charts.add(c);
        }
        return charts;
    }

    @Override
    public String toString() {
        return "NtkResult{" + mode + (mode == EmpiricalNtk.Mode.SKETCH ? " D=" + sketchDim : "")
                + ", N=" + kernel.length + ", P=" + parameterCount + ", seconds="
                + String.format("%.3f", seconds) + ", peakGradientBytes=" + peakGradientBytes
                + ", evaluations=" + gradientEvaluations
                + (mode == EmpiricalNtk.Mode.SKETCH
                        ? String.format(", expectedRelErr=%.4f", expectedRelativeError) : "")
                + "}";
    }
}
