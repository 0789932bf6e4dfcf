package org.ftlab.ntk;

/**
 * An empirical kernel matrix {@code K = J J^T / N} (eq. 7 of paper 1), optionally divided by the
 * width {@code n} (eq. 37), with how it was obtained.
 */
public final class NtkResult {

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
