package org.ftlab.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.ParameterSnapshot;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.spectrum.BetaFit;
import org.ftlab.spectrum.SymmetricEigen;
import org.ftlab.train.RegressionData;
import org.ftlab.train.Trainer;
import org.ftlab.util.Progress;

/**
 * Fine-tuning error against the target sample size {@code N_2} (paper 1, Theorems 1-2, eq. 15,
 * 21 and 30). Per seed, {@code f_PT} is pretrained once; for each {@code N_2} the network is
 * fine-tuned from {@code θ_PT} by full-batch GD with hold-out early stopping (a separate hold-out
 * sample of {@code max(8, N_2/4)} points, patience in evaluations) and scored by {@code ||f −
 * f_tgt||²} on a noiseless test sample. The decay exponent {@code β} of eq. (29) is fitted to the
 * eigenvalues of {@code K_PT} on target inputs ({@link BetaFit}, ranks 2..N_K/2), giving the
 * predicted rate exponent {@code −2β/(2β+1)} of eq. (30) beside the worst case {@code −1/2}.
 */
public final class SampleSizeScaling {

    private final Builder b;

    private SampleSizeScaling(Builder b) {
        this.b = b;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every (seed, {@code N_2}) pair.
     *
     * @return the measurements
     */
    public SampleSizeResult run() {
        int[] ns = b.sizes;
        double[][] err = new double[ns.length][b.seeds.length];
        double[][] stop = new double[ns.length][b.seeds.length];
        double[] betas = new double[b.seeds.length];
        double[] eig = null;
        try (Progress progress = Progress.start("sample-size scaling",
                (long) b.seeds.length * ns.length)) {
            for (int k = 0; k < b.seeds.length; k++) {
                long seed = b.seeds[k];
                try (SyntheticSetup<Builder>.Teachers t = b.new Teachers(seed);
                        AttentionNetwork net = b.student(b.width, b.layers, 5000 + seed);
                        NDManager m = NDManager.newBaseManager()) {
                    b.pretrain(net, t.sourceData(seed), m);
                    ParameterSnapshot pt = ParameterSnapshot.of(net);
                    int maxN = 0;
                    for (int n : ns) {
                        maxN = Math.max(maxN, n + holdOut(n));
                    }
                    RegressionData all = t.targetData(maxN + b.testSamples, seed);
                    RegressionData test = all.subset(maxN, maxN + b.testSamples);
                    NDArray xTest = test.inputArray(m, b.dataType);
                    NDArray xk = all.subset(0, b.kernelSamples).inputArray(m, b.dataType);
                    double[][] kpt = EmpiricalNtk.builder().setModel(net).setInputs(xk)
                            .optWidthNormalisation(b.kernelNorm(b.width)).build().compute()
                            .kernel();
                    double[] ev = SymmetricEigen.eigenvalues(kpt);
                    betas[k] = BetaFit.fit(ev, 2, Math.max(3, b.kernelSamples / 2)).beta();
                    if (k == 0) {
                        eig = ev;
                    }
                    for (int i = 0; i < ns.length; i++) {
                        int n = ns[i];
                        RegressionData tr = all.subset(0, n);
                        RegressionData ho = all.subset(n, n + holdOut(n));
                        pt.restore(net);
                        NDArray x = tr.inputArray(m, b.dataType);
                        NDArray xv = ho.inputArray(m, b.dataType);
                        var h = Trainer.builder().setModel(net).setTrainingData(x, tr.targets())
                                .optValidationData(xv, ho.targets())
                                .setLearningRate(b.rate(b.learningRate, b.width))
                                .setSteps(b.maxSteps).optEvaluateEvery(b.evaluateEvery)
                                .optEarlyStopping(b.patience).build().train();
                        stop[i][k] = h.bestStep();
                        err[i][k] = SyntheticSetup.mse(net, xTest, test.cleanTargets());
                        x.close();
                        xv.close();
                        progress.step();
                    }
                }
            }
        }
        return new SampleSizeResult(ns.clone(), b.seeds.clone(), err, stop, betas, eig, b.width);
    }

    static int holdOut(int n) {
        return Math.max(8, n / 4);
    }

    /** Builder; the shared options are in {@link SyntheticSetup}. */
    public static final class Builder extends StoppedSetup<Builder> {
        private int[] sizes;
        private int width = 64;
        private int testSamples = 200;
        private int kernelSamples = 48;

        private Builder() {}

        /**
         * @param sizes target sample sizes {@code N_2}, at least two distinct
         * @return this builder
         */
        public Builder setSampleSizes(int... sizes) {
            this.sizes = sizes.clone();
            return this;
        }

        /**
         * @param width student width {@code n}; default 64
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * @param test noiseless test points; default 200
         * @param kernel inputs of {@code K_PT} for {@code β}; default 48
         * @return this builder
         */
        public Builder optEvaluationSamples(int test, int kernel) {
            this.testSamples = test;
            this.kernelSamples = kernel;
            return this;
        }

        /**
         * Validates the arguments.
         *
         * @return the experiment
         */
        public SampleSizeScaling build() {
            validateStopping();
            if (sizes == null || sizes.length < 2) {
                throw new IllegalArgumentException("sizes: need at least two, call setSampleSizes");
            }
            for (int n : sizes) {
                positive("sizes", n);
            }
            positive("width", width);
            positive("testSamples", testSamples);
            if (kernelSamples < 6) {
                throw new IllegalArgumentException("kernelSamples: " + kernelSamples
                        + ", expected >= 6");
            }
            return new SampleSizeScaling(this);
        }
    }
}
