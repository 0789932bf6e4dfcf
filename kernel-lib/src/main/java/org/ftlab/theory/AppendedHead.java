package org.ftlab.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.train.RegressionData;
import org.ftlab.train.Trainer;
import org.ftlab.util.Progress;

import java.util.function.Predicate;

/**
 * The mixed initialisation of §5.1 of paper 1 (Theorem 2): keep blocks {@code 1..k} of the
 * pretrained {@code f_PT}, append a Gaussian linear head ({@link AttentionNetwork#withNewHead}),
 * and compare, on the target task and for each {@code N_2}:
 *
 * <ul>
 *   <li>{@code FULL}: fine-tune every parameter of the appended-head network;
 *   <li>{@code PROBE}: linear probing, only the new head is trained (Remark 5.1);
 *   <li>{@code SCRATCH}: the same {@code k}-block architecture from Gaussian initialisation.
 * </ul>
 *
 * All three use full-batch GD with hold-out early stopping, and are scored by {@code ||f −
 * f_tgt||²} on noiseless test inputs; {@code f_PT} itself (its own head, no fine-tuning) is
 * reported as a reference.
 */
public final class AppendedHead {

    /** The compared procedures. */
    public enum Method {
        /** Appended head, all parameters fine-tuned (§5.1). */
        FULL,
        /** Appended head, head only (linear probing, Remark 5.1). */
        PROBE,
        /** Gaussian initialisation, all parameters trained. */
        SCRATCH,
        /** {@code f_PT} unchanged (reference). */
        PRETRAINED
    }

    private final Builder b;

    private AppendedHead(Builder b) {
        this.b = b;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every (seed, {@code N_2}, method).
     *
     * @return test errors
     */
    public AppendedHeadResult run() {
        int[] ns = b.sizes;
        Method[] methods = Method.values();
        double[][][] err = new double[methods.length][ns.length][b.seeds.length];
        try (Progress progress = Progress.start("appended head",
                (long) b.seeds.length * ns.length)) {
            for (int k = 0; k < b.seeds.length; k++) {
                long seed = b.seeds[k];
                try (SyntheticSetup<Builder>.Teachers t = b.new Teachers(seed);
                        AttentionNetwork pt = b.student(b.width, b.layers, 5000 + seed);
                        NDManager m = NDManager.newBaseManager()) {
                    b.pretrain(pt, t.sourceData(seed), m);
                    int maxN = 0;
                    for (int n : ns) {
                        maxN = Math.max(maxN, n + SampleSizeScaling.holdOut(n));
                    }
                    RegressionData all = t.targetData(maxN + b.testSamples, seed);
                    RegressionData test = all.subset(maxN, maxN + b.testSamples);
                    NDArray xTest = test.inputArray(m, b.dataType);
                    double[] clean = test.cleanTargets();
                    double ref = SyntheticSetup.mse(pt, xTest, clean);
                    for (int i = 0; i < ns.length; i++) {
                        int n = ns[i];
                        RegressionData tr = all.subset(0, n);
                        RegressionData ho = all.subset(n, n + SampleSizeScaling.holdOut(n));
                        NDArray x = tr.inputArray(m, b.dataType);
                        NDArray xv = ho.inputArray(m, b.dataType);
                        try (AttentionNetwork full = pt.withNewHead(b.kept, 7000 + seed);
                                AttentionNetwork probe = pt.withNewHead(b.kept, 7000 + seed);
                                AttentionNetwork scratch =
                                        b.student(b.width, b.kept, 9000 + seed)) {
                            err[0][i][k] = fit(full, x, tr, xv, ho, name -> true, xTest, clean);
                            err[1][i][k] = fit(probe, x, tr, xv, ho,
                                    name -> name.startsWith("head."), xTest, clean);
                            err[2][i][k] = fit(scratch, x, tr, xv, ho, name -> true, xTest,
                                    clean);
                            err[3][i][k] = ref;
                        }
                        x.close();
                        xv.close();
                        progress.step();
                    }
                }
            }
        }
        return new AppendedHeadResult(ns.clone(), b.seeds.length, b.kept, b.layers, b.width,
                err);
    }

    private double fit(AttentionNetwork net, NDArray x, RegressionData tr, NDArray xv,
            RegressionData ho, Predicate<String> trainable, NDArray xTest, double[] clean) {
        Trainer.builder().setModel(net).setTrainingData(x, tr.targets())
                .optValidationData(xv, ho.targets())
                .setLearningRate(b.rate(b.learningRate, b.width)).setSteps(b.maxSteps)
                .optEvaluateEvery(b.evaluateEvery).optEarlyStopping(b.patience)
                .optTrainableParameters(trainable).build().train();
        return SyntheticSetup.mse(net, xTest, clean);
    }

    /** Builder; the shared options are in {@link SyntheticSetup}. */
    public static final class Builder extends StoppedSetup<Builder> {
        private int[] sizes;
        private int width = 64;
        private int kept = 1;
        private int testSamples = 200;

        private Builder() {}

        /**
         * @param sizes target sample sizes {@code N_2}
         * @return this builder
         */
        public Builder setSampleSizes(int... sizes) {
            this.sizes = sizes.clone();
            return this;
        }

        /**
         * @param width student width; default 64
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * @param k pretrained blocks kept under the new head, {@code 1..layers}; default 1
         * @return this builder
         */
        public Builder optKeptBlocks(int k) {
            this.kept = k;
            return this;
        }

        /**
         * Validates the arguments.
         *
         * @return the experiment
         */
        public AppendedHead build() {
            validateStopping();
            if (sizes == null || sizes.length < 1) {
                throw new IllegalArgumentException("sizes: need at least one, call setSampleSizes");
            }
            for (int n : sizes) {
                positive("sizes", n);
            }
            if (kept < 1 || kept > layers) {
                throw new IllegalArgumentException("k: " + kept + ", expected 1.." + layers);
            }
            positive("width", width);
            return new AppendedHead(this);
        }
    }
}
