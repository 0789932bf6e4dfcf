package org.ftlab.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.ParameterSnapshot;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.train.RegressionData;
import org.ftlab.train.Trainer;
import org.ftlab.util.Progress;

import java.util.ArrayList;
import java.util.List;

/**
 * NTK drift and linearisation error against width (paper 1, eq. 14, 17-18 and Lemma 1). For
 * each width {@code n} and seed: pretrain {@code f_PT} on the source task, fine-tune on the
 * target task with full-batch GD ({@code ε = η0} in NTK parameterization, {@code η0/n} in
 * standard, see {@link SyntheticSetup}) for a fixed number of steps, and record
 *
 * <ul>
 *   <li>the drift {@code sup_τ ||K_PT − K_τ||_F} with {@code K_τ} the empirical NTK (eq. 7, divided
 *       by {@code n} in standard parameterization, eq. 37) on the first {@code N_K} training
 *       inputs, recomputed every {@code kernelEvery} steps (the sup is over those steps);
 *   <li>the relative drift {@code sup_τ ||K_PT − K_τ||_F / ||K_PT||_F};
 *   <li>the linearisation error {@code rms_i |f_FT(x_i) − f_PT(x_i) − [J_PT Δθ]_i|} on held-out
 *       inputs (Lemma 1).
 * </ul>
 *
 * The paper predicts both to be {@code O(n^{-1/2})} (eq. 17); {@link WidthScalingResult} fits
 * the log-log slopes.
 */
public final class WidthScaling {

    private final Builder b;

    private WidthScaling(Builder b) {
        this.b = b;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every (width, seed) pair.
     *
     * @return the measurements
     */
    public WidthScalingResult run() {
        int[] widths = b.widths;
        int s = b.seeds.length;
        double[][] drift = new double[widths.length][s];
        double[][] relDrift = new double[widths.length][s];
        double[][] linErr = new double[widths.length][s];
        double[][] change = new double[widths.length][s];
        double[][] trainLoss = new double[widths.length][s];
        List<double[]> trajectories = new ArrayList<>();
        int[] trajectorySteps = null;
        try (Progress progress = Progress.start("width scaling", (long) widths.length * s)) {
            for (int w = 0; w < widths.length; w++) {
                for (int k = 0; k < s; k++) {
                    long seed = b.seeds[k];
                    Run r = runOne(widths[w], seed);
                    drift[w][k] = r.drift;
                    relDrift[w][k] = r.drift / r.kernelNorm;
                    linErr[w][k] = r.lin.rmsError();
                    change[w][k] = r.lin.rmsChange();
                    trainLoss[w][k] = r.finalLoss;
                    if (k == 0) {
                        trajectories.add(r.trajectory);
                        trajectorySteps = r.steps;
                    }
                    progress.step();
                }
            }
        }
        return new WidthScalingResult(widths.clone(), b.seeds.clone(), drift, relDrift, linErr,
                change, trainLoss, trajectorySteps, trajectories, b.parameterization.toString(),
                b.learningRate, b.steps);
    }

    private static final class Run {
        double drift;
        double kernelNorm;
        Linearisation.Error lin;
        double finalLoss;
        double[] trajectory;
        int[] steps;
    }

    private Run runOne(int width, long seed) {
        Run r = new Run();
        try (SyntheticSetup<Builder>.Teachers t = b.new Teachers(seed);
                AttentionNetwork net = b.student(width, b.layers, 5000 + seed);
                NDManager m = NDManager.newBaseManager()) {
            b.pretrain(net, t.sourceData(seed), m);
            RegressionData tgt = t.targetData(b.targetSamples + b.heldOut, seed);
            RegressionData train = tgt.subset(0, b.targetSamples);
            RegressionData held = tgt.subset(b.targetSamples, b.targetSamples + b.heldOut);
            NDArray x = train.inputArray(m, b.dataType);
            NDArray xk = train.subset(0, Math.min(b.kernelSamples, b.targetSamples))
                    .inputArray(m, b.dataType);
            NDArray xh = held.inputArray(m, b.dataType);
            ParameterSnapshot pt = ParameterSnapshot.of(net);
            double[][] k0 = kernel(net, xk, width);
            r.kernelNorm = frobenius(k0, null);
            int chunks = (b.steps + b.kernelEvery - 1) / b.kernelEvery;
            r.trajectory = new double[chunks + 1];
            r.steps = new int[chunks + 1];
            int done = 0;
            double eps = b.rate(b.learningRate, width);
            for (int c = 1; c <= chunks; c++) {
                int n = Math.min(b.kernelEvery, b.steps - done);
                if (eps > 0) {
                    r.finalLoss = Trainer.builder().setModel(net).setTrainingData(x,
                            train.targets()).setLearningRate(eps).setSteps(n)
                            .optEvaluateEvery(Math.max(1, n)).build().train().finalTrainLoss();
                }
                done += n;
                double d = frobenius(kernel(net, xk, width), k0);
                r.trajectory[c] = d;
                r.steps[c] = done;
                r.drift = Math.max(r.drift, d);
            }
            if (eps == 0) {
                r.finalLoss = SyntheticSetup.mse(net, x, train.targets());
            }
            r.lin = Linearisation.error(net, xh, pt, ParameterSnapshot.of(net));
        }
        return r;
    }

    private double[][] kernel(AttentionNetwork net, NDArray x, int width) {
        return EmpiricalNtk.builder().setModel(net).setInputs(x)
                .optWidthNormalisation(b.kernelNorm(width)).build().compute().kernel();
    }

    /** {@code ||A − B||_F} ({@code B} may be null). */
    static double frobenius(double[][] a, double[][] bm) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = a[i][j] - (bm == null ? 0 : bm[i][j]);
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /** Builder; the shared options are in {@link SyntheticSetup}. */
    public static final class Builder extends SyntheticSetup<Builder> {
        private int[] widths;
        private int steps = 60;
        private int kernelEvery = 20;
        private int kernelSamples = 32;
        private int targetSamples = 32;
        private int heldOut = 32;

        private Builder() {}

        /**
         * @param widths widths {@code n}, at least two distinct
         * @return this builder
         */
        public Builder setWidths(int... widths) {
            this.widths = widths.clone();
            return this;
        }

        /**
         * @param steps fine-tuning GD steps; default 60
         * @param kernelEvery recompute {@code K_τ} every this many steps; default 20
         * @return this builder
         */
        public Builder optSteps(int steps, int kernelEvery) {
            this.steps = steps;
            this.kernelEvery = kernelEvery;
            return this;
        }

        /**
         * @param targetSamples target training sample size {@code N_2}; default 32
         * @param kernelSamples inputs of the kernel ({@code <= N_2}); default 32
         * @param heldOut held-out inputs of the linearisation error; default 32
         * @return this builder
         */
        public Builder optSamples(int targetSamples, int kernelSamples, int heldOut) {
            this.targetSamples = targetSamples;
            this.kernelSamples = kernelSamples;
            this.heldOut = heldOut;
            return this;
        }

        /**
         * Validates the arguments.
         *
         * @return the experiment
         */
        public WidthScaling build() {
            validateSetup();
            if (widths == null || widths.length < 2) {
                throw new IllegalArgumentException("widths: need at least two, call setWidths");
            }
            for (int w : widths) {
                positive("widths", w);
            }
            positive("steps", steps);
            positive("kernelEvery", kernelEvery);
            positive("targetSamples", targetSamples);
            positive("kernelSamples", kernelSamples);
            positive("heldOut", heldOut);
            return new WidthScaling(this);
        }
    }
}
