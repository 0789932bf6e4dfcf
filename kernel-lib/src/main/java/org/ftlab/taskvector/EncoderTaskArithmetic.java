package org.ftlab.taskvector;

import ai.djl.ndarray.NDManager;

import org.ftlab.data.Dataset;
import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.data.TaskType;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.train.EncoderFineTuner;
import org.ftlab.train.FineTuned;
import org.ftlab.util.ProcessMemory;
import org.ftlab.util.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Task arithmetic on a real pretrained encoder (paper 1, Sun &amp; Raskutti, §7.2 and Figure 3;
 * theory in §5.2): the encoder ({@link PretrainedModels}, MiniLM by default) is fine-tuned
 * separately on each classification task with {@link EncoderFineTuner} (hold-out early stopping),
 * each task keeping its own trained linear head; {@code τ_t = θ_FT,t − θ_PT} (eq. 22) over the
 * encoder tensors that were trained (all of them in {@code FULL} mode, the last {@code k}
 * transformer layers in {@code LAST_K} mode). Reported:
 * <ul>
 *   <li>cosine similarities {@code <τ_s, τ_t>/(||τ_s|| ||τ_t||)} (Figure 3, left);</li>
 *   <li>addition {@code θ_PT + λ Σ_t τ_t} (eq. 25, Corollary 2) scored on every task with that
 *       task's own head, as normalised accuracy {@code acc(multitask)/acc(f_FT,t)} (Figure 3,
 *       right), for every {@code λ} of the sweep;</li>
 *   <li>negation {@code θ_PT − λ τ_t} (Ilharco et al.; eq. 23 as printed, {@code θ_FT − τ}, is
 *       {@code θ_PT}) on every task (Corollary 1 predicts the target task degrades), and a
 *       {@code λ} sweep for one target task and one control task.</li>
 * </ul>
 * Heads are not part of {@code τ}: {@code λ = 0} is the pretrained encoder with each task's
 * trained head.
 *
 * <p>Memory: {@code θ_PT} of the trained tensors is kept as floats and each {@code τ_t} as
 * doubles (so that {@code float(θ_PT + τ_t) = θ_FT,t} exactly): LAST_K(1) of MiniLM is 1.77 M
 * parameters (14 MB per task vector), FULL 22.6 M (181 MB per task vector; {@link #run} refuses
 * FULL when the task vectors would not fit in 60% of the JVM's maximum heap). Test-set hidden
 * states below the trained layers are cached once, so each evaluation runs only the top
 * {@code k} layers.
 */
public final class EncoderTaskArithmetic {

    private final Builder b;

    private EncoderTaskArithmetic(Builder b) {
        this.b = b;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fine-tunes on each task, then measures cosines, addition and negation.
     *
     * @return the measurements
     * @throws IllegalArgumentException if FULL task vectors would not fit in the heap
     */
    public EncoderTaskArithmeticResult run() {
        long t0 = System.nanoTime();
        int nt = b.tasks.size();
        try (NDManager root = NDManager.newBaseManager();
                BertTokenizer tok = PretrainedModels.tokenizer(b.model, b.maxLength);
                BertEncoder enc = PretrainedModels.load(b.model, root)) {
            int layers = enc.numLayers();
            if (b.mode == EncoderFineTuner.Mode.LAST_K && b.lastK > layers) {
                throw new IllegalArgumentException("lastK: " + b.lastK + " exceeds the " + layers
                        + " layers of " + enc.name());
            }
            Predicate<String> trained = b.mode == EncoderFineTuner.Mode.FULL ? n -> true
                    : ScalarHeadModel.lastLayers(b.lastK, layers);
            int cached = b.mode == EncoderFineTuner.Mode.FULL ? -1 : layers - b.lastK;
            Map<String, float[]> pt = EncoderWeights.copy(enc, trained);
            long count = pt.values().stream().mapToLong(a -> a.length).sum();
            long need = count * (8L * nt + 4);
            if (need > 0.6 * Runtime.getRuntime().maxMemory()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "mode: %s keeps %d task vectors of %.1f M parameters (%.0f MB), more than 60%%"
                                + " of the JVM's maximum heap (%.0f MB); use LAST_K or a larger -Xmx",
                        b.mode, nt, count / 1e6, need / 1e6, Runtime.getRuntime().maxMemory() / 1e6));
            }
            Dataset[] ds = new Dataset[nt];
            TestSet[] test = new TestSet[nt];
            double[] chance = new double[nt];
            int[] testSizes = new int[nt];
            try (Progress pr = b.progress ? Progress.start("task vectors: fine-tuning and arithmetic",
                    nt * 2L + 1) : Progress.silent("task vectors", nt * 2L + 1)) {
                for (int t = 0; t < nt; t++) {
                    ds[t] = Datasets.load(b.tasks.get(t));
                    if (ds[t].taskType() != TaskType.CLASSIFICATION) {
                        throw new IllegalArgumentException("tasks: " + ds[t].name()
                                + " is a regression task; task arithmetic here scores accuracy");
                    }
                    if (b.trainSize > ds[t].train().size()) {
                        throw new IllegalArgumentException("trainSize: " + b.trainSize + " exceeds the "
                                + ds[t].train().size() + " training examples of " + ds[t].name());
                    }
                    List<Example> ex = ds[t].test();
                    if (b.testSize > 0 && b.testSize < ex.size()) {
                        ex = Datasets.sample(ex, b.testSize, b.seed); // as EncoderFineTuner draws it
                    }
                    test[t] = new TestSet(ex, enc, tok, root, cached);
                    chance[t] = test[t].majorityRate(ds[t].numClasses());
                    testSizes[t] = ex.size();
                }
                pr.step();
                try {
                    return measure(enc, tok, root, pt, ds, test, chance, testSizes, count, pr, t0);
                } finally {
                    for (TestSet s : test) {
                        if (s != null) {
                            s.close();
                        }
                    }
                }
            }
        }
    }

    private EncoderTaskArithmeticResult measure(BertEncoder enc, BertTokenizer tok, NDManager root,
            Map<String, float[]> pt, Dataset[] ds, TestSet[] test, double[] chance, int[] testSizes,
            long count, Progress pr, long t0) {
        int nt = ds.length;
        TaskVector[] tau = new TaskVector[nt];
        FineTuned[] ft = new FineTuned[nt];
        double[] accFt = new double[nt];
        double[] reported = new double[nt];
        int[] bestEpoch = new int[nt];
        double[] ftSeconds = new double[nt];
        for (int t = 0; t < nt; t++) {
            EncoderWeights.restore(enc, pt);
            EncoderFineTuner.Builder fb = EncoderFineTuner.builder().setModel(b.model).setTask(ds[t])
                    .setTrainSize(b.trainSize).optMode(b.mode).optLastK(b.lastK).optEpochs(b.epochs)
                    .optPatience(b.patience).optBatchSize(b.batchSize).optTestSize(b.testSize)
                    .optSeed(b.seed).optProgress(b.progress);
            if (!Double.isNaN(b.learningRate)) {
                fb.optLearningRate(b.learningRate);
            }
            ft[t] = fb.build().runOn(enc, tok, root);
            tau[t] = EncoderWeights.taskVector(pt, enc);
            accFt[t] = accuracy(enc, test[t], ft[t]);
            reported[t] = ft[t].result().testAccuracy();
            bestEpoch[t] = ft[t].result().bestEpoch();
            ftSeconds[t] = ft[t].result().seconds();
            pr.step();
        }
        long t1 = System.nanoTime();
        double[][] cos = new double[nt][nt];
        double[] norms = new double[nt];
        for (int s = 0; s < nt; s++) {
            norms[s] = tau[s].norm();
            for (int t = 0; t < nt; t++) {
                // NaN when a task kept epoch 0 (τ = 0: no update helped on the hold-out set)
                cos[s][t] = s == t && norms[s] > 0 ? 1.0 : tau[s].cosine(tau[t]);
            }
        }
        double[] lam = b.lambdas.clone();
        // addition θ_PT + λ Σ τ_t, every task with its own head
        double[][] add = new double[lam.length][nt];
        double[] ones = new double[nt];
        for (int l = 0; l < lam.length; l++) {
            Arrays.fill(ones, lam[l]);
            EncoderWeights.combine(enc, pt, tau, ones);
            for (int t = 0; t < nt; t++) {
                add[l][t] = accuracy(enc, test[t], ft[t]);
            }
        }
        // pretrained encoder with each task's head
        EncoderWeights.restore(enc, pt);
        double[] accPt = new double[nt];
        for (int t = 0; t < nt; t++) {
            accPt[t] = accuracy(enc, test[t], ft[t]);
        }
        // negation θ_PT − λ_neg τ_t on every task
        double[][] neg = new double[nt][nt];
        for (int t = 0; t < nt; t++) {
            EncoderWeights.combine(enc, pt, new TaskVector[] {tau[t]}, new double[] {-b.negationLambda});
            for (int s = 0; s < nt; s++) {
                neg[t][s] = accuracy(enc, test[s], ft[s]);
            }
            pr.step();
        }
        // negation sweep θ_PT − λ τ_target on target and control
        int target = b.tasks.indexOf(b.negationTarget);
        int control = b.tasks.indexOf(b.negationControl);
        double[][] negSweep = new double[2][lam.length];
        for (int l = 0; l < lam.length; l++) {
            EncoderWeights.combine(enc, pt, new TaskVector[] {tau[target]}, new double[] {-lam[l]});
            negSweep[0][l] = accuracy(enc, test[target], ft[target]);
            negSweep[1][l] = accuracy(enc, test[control], ft[control]);
        }
        EncoderWeights.restore(enc, pt);
        long t2 = System.nanoTime();
        String[] names = new String[nt];
        for (int t = 0; t < nt; t++) {
            names[t] = ds[t].name();
        }
        return new EncoderTaskArithmeticResult(enc.name(), b.mode.name(),
                b.mode == EncoderFineTuner.Mode.LAST_K ? b.lastK : 0, count, b.trainSize, b.epochs, names,
                testSizes, chance, cos, norms, accPt, accFt, reported, bestEpoch, lam, add,
                b.negationLambda, neg, target, control, negSweep, ftSeconds, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, ProcessMemory.peakRssBytes());
    }

    private static double accuracy(BertEncoder enc, TestSet s, FineTuned f) {
        return s.accuracy(enc, f.headWeight(), f.headBias(), f.outputs());
    }

    /**
     * Builder: required {@link #setTasks} and {@link #setTrainSize}; the rest optional. Defaults:
     * MiniLM, LAST_K with k = 1, 2 epochs, patience 2, batch 16, 64 tokens, 200 test examples per
     * task, learning rate 1e-4 (AdamW), {@code λ ∈ {0, 0.25, 0.5, 0.75, 1, 1.5, 2}}, negation
     * {@code λ = 1} of the first task's vector with the last task as control, seed 0.
     */
    public static final class Builder {
        private String model = "minilm";
        private List<String> tasks;
        private int trainSize;
        private EncoderFineTuner.Mode mode = EncoderFineTuner.Mode.LAST_K;
        private int lastK = 1;
        private int epochs = 2;
        private int patience = 2;
        private int batchSize = 16;
        private int maxLength = 64;
        private int testSize = 200;
        private double learningRate = 1e-4;
        private double[] lambdas = {0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0};
        private double negationLambda = 1.0;
        private String negationTarget;
        private String negationControl;
        private long seed;
        private boolean progress;

        private Builder() {}

        /** @param names classification datasets of {@link Datasets#names()}, at least 2, distinct */
        public Builder setTasks(String... names) {
            this.tasks = names == null ? null : new ArrayList<>(Arrays.asList(names));
            return this;
        }

        /** @param n examples drawn per task (10% held out for early stopping), &ge; 2 */
        public Builder setTrainSize(int n) {
            this.trainSize = n;
            return this;
        }

        /** @param name a name of {@link PretrainedModels#names()} (default minilm) */
        public Builder optModel(String name) {
            this.model = name;
            return this;
        }

        /**
         * @param mode LAST_K (default) or FULL; PROBE is rejected (it trains no encoder tensor, so
         *     every task vector would be 0)
         * @param lastK layers trained in LAST_K mode (default 1)
         */
        public Builder optMode(EncoderFineTuner.Mode mode, int lastK) {
            this.mode = mode;
            this.lastK = lastK;
            return this;
        }

        /** @param epochs most epochs per task (default 2) */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** @param patience non-improving epochs that stop (default 2) */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** @param lr AdamW learning rate (default 1e-4); NaN = EncoderFineTuner's default (2e-5) */
        public Builder optLearningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** @param n mini-batch size (default 16) */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** @param tokens most tokens per example, in [4, 512] (default 64) */
        public Builder optMaxLength(int tokens) {
            this.maxLength = tokens;
            return this;
        }

        /** @param n test examples per task (seeded sample); 0 = the whole test split (default 200) */
        public Builder optTestSize(int n) {
            this.testSize = n;
            return this;
        }

        /** @param lambdas scaling coefficients of the addition and negation sweeps, each in [0, 10] */
        public Builder optLambdas(double... lambdas) {
            this.lambdas = lambdas == null ? null : lambdas.clone();
            return this;
        }

        /**
         * @param lambda coefficient of the negation table {@code θ_PT − λ τ_t} (default 1)
         * @param target task whose vector the λ sweep negates (default the first task)
         * @param control task watched alongside (default the last task)
         */
        public Builder optNegation(double lambda, String target, String control) {
            this.negationLambda = lambda;
            this.negationTarget = target;
            this.negationControl = control;
            return this;
        }

        /** @param seed seed of sampling, heads and shuffling (default 0) */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param on show progress lines */
        public Builder optProgress(boolean on) {
            this.progress = on;
            return this;
        }

        /**
         * @return the experiment
         * @throws IllegalArgumentException naming the first bad argument and the accepted values
         */
        public EncoderTaskArithmetic build() {
            if (model == null || !PretrainedModels.names().contains(model.trim().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("model: unknown '" + model + "'; accepted: "
                        + String.join(", ", PretrainedModels.names()));
            }
            if (tasks == null || tasks.size() < 2) {
                throw new IllegalArgumentException("tasks: at least 2 datasets required, got "
                        + (tasks == null ? "none" : tasks));
            }
            List<String> norm = new ArrayList<>();
            for (String t : tasks) {
                String n = t == null ? "" : t.trim().toLowerCase(Locale.ROOT);
                if (!Datasets.names().contains(n)) {
                    throw new IllegalArgumentException("tasks: unknown '" + t + "'; accepted: "
                            + String.join(", ", Datasets.names()));
                }
                if (norm.contains(n)) {
                    throw new IllegalArgumentException("tasks: '" + n + "' given twice");
                }
                norm.add(n);
            }
            tasks = norm;
            if (trainSize < 2) {
                throw new IllegalArgumentException("trainSize: must be >= 2, got " + trainSize);
            }
            if (mode == null || mode == EncoderFineTuner.Mode.PROBE) {
                throw new IllegalArgumentException("mode: " + mode + " not accepted (PROBE trains no"
                        + " encoder weight, so every task vector is 0); accepted: LAST_K, FULL");
            }
            if (mode == EncoderFineTuner.Mode.LAST_K && lastK < 1) {
                throw new IllegalArgumentException("lastK: must be >= 1, got " + lastK);
            }
            if (epochs < 1 || patience < 1 || batchSize < 1 || testSize < 0) {
                throw new IllegalArgumentException("epochs, patience, batchSize: must be >= 1 and"
                        + " testSize >= 0, got " + epochs + ", " + patience + ", " + batchSize + ", " + testSize);
            }
            if (maxLength < 4 || maxLength > 512) {
                throw new IllegalArgumentException("maxLength: must be in [4, 512], got " + maxLength);
            }
            if (!Double.isNaN(learningRate) && !(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException("learningRate: must be finite and > 0, got " + learningRate);
            }
            if (lambdas == null || lambdas.length == 0) {
                throw new IllegalArgumentException("lambdas: at least one value required");
            }
            for (double l : lambdas) {
                if (!(l >= 0 && l <= 10)) {
                    throw new IllegalArgumentException("lambdas: each must be in [0, 10], got " + l);
                }
            }
            if (!(negationLambda >= 0 && negationLambda <= 10)) {
                throw new IllegalArgumentException("negationLambda: must be in [0, 10], got " + negationLambda);
            }
            negationTarget = pick("negation target", negationTarget, tasks.get(0));
            negationControl = pick("negation control", negationControl, tasks.get(tasks.size() - 1));
            if (negationTarget.equals(negationControl)) {
                throw new IllegalArgumentException("negation control: must differ from the target '"
                        + negationTarget + "'");
            }
            return new EncoderTaskArithmetic(this);
        }

        private String pick(String what, String given, String fallback) {
            if (given == null) {
                return fallback;
            }
            String n = given.trim().toLowerCase(Locale.ROOT);
            if (!tasks.contains(n)) {
                throw new IllegalArgumentException(what + ": '" + given + "' is not one of the tasks "
                        + tasks);
            }
            return n;
        }
    }
}
