package org.ftlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import org.ftlab.data.Dataset;
import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.data.TaskType;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.pretrained.Tokenized;
import org.ftlab.stopping.HoldOutStopping;
import org.ftlab.util.ProcessMemory;
import org.ftlab.util.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Fine-tunes a real pretrained encoder ({@code f_PT} of paper 1, Sun &amp; Raskutti, §3.1 and §7)
 * with a linear head on its pooled output, stopped early on a hold-out set (the practical rule of
 * paper 1, §6.2: {@link HoldOutStopping}).
 *
 * <p><b>Data.</b> {@code trainSize} examples are drawn from the dataset's train split (stratified by
 * label for classification, uniform for regression, seed {@code seed}); 10% of them (at least 1) are
 * held out with {@link Datasets#holdOut} as the early-stopping dev set and the rest are trained on.
 * The dataset's own dev split is <em>not</em> used: for GLUE tasks the test split is a documented
 * stand-in made of the public dev split, so stopping on it would leak the test data. Test metrics
 * use the dataset's test split (or {@link Builder#optTestSize} of it, seeded).
 *
 * <p><b>Heads.</b> Regression tasks: one output, mean squared error. Classification tasks:
 * {@code C} logits, mean cross-entropy. Weights {@code N(0, 1/d)} from {@code Random(seed)}; bias 0
 * for classification, the mean training target for regression.
 *
 * <p><b>Modes.</b> {@link Mode#PROBE}: only the head is trained; the encoder is frozen and its pooled
 * features are computed once. {@link Mode#LAST_K}: head + last {@code k} transformer layers
 * ({@link ScalarHeadModel#lastLayers(int, int)}). {@link Mode#FULL}: every parameter.
 *
 * <p><b>Optimisers.</b> DJL's own {@link Optimizer#adamW()} and {@link Optimizer#sgd()} with a fixed
 * learning rate; updates run with PyTorch grad mode off ({@link Autograd#noGrad(Runnable)}).
 * DJL's AdamW step {@code t} (checked against this closed form in the tests): {@code m = β1 m + (1-β1) g},
 * {@code v = β2 v + (1-β2) g²}, {@code η_t = lr·sqrt(1-β2^t)/(1-β1^t)},
 * {@code θ ← (1 - lr·λ) θ - η_t m/(sqrt(v)+ε)} (decoupled decay with the plain rate {@code lr}, not
 * {@code η_t}), β1 = 0.9, β2 = 0.999, ε = 1e-8; so step 1 moves each coordinate by about
 * {@code -lr·g/(|g|+ε/sqrt(1-β2)) - lr·λ·θ}. SGD (tested with λ = 0): {@code θ ← θ - lr·g}.
 *
 * <p><b>Epochs.</b> Epoch 0 is the untrained model; after each epoch {@code e = 1..maxEpochs} the dev
 * loss is given to {@link HoldOutStopping}; the weights of its best epoch are restored before the
 * test set is scored.
 */
public final class EncoderFineTuner {

    /** Which parameters are trained. */
    public enum Mode {
        /** Head only (linear probe). */
        PROBE,
        /** Head and the last k transformer layers. */
        LAST_K,
        /** Every parameter. */
        FULL
    }

    /** Optimiser. */
    public enum OptimizerKind {
        /** DJL's AdamW (decoupled weight decay). */
        ADAMW,
        /** DJL's plain SGD (no momentum). */
        SGD
    }

    private final Builder b;

    private EncoderFineTuner(Builder b) {
        this.b = b;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder: required {@code setModel}, {@code setTask}, {@code setTrainSize}; the rest optional. */
    public static final class Builder {
        private String model;
        private Dataset dataset;
        private String datasetName;
        private int trainSize;
        private Mode mode = Mode.PROBE;
        private int lastK = 1;
        private OptimizerKind optimizer = OptimizerKind.ADAMW;
        private double learningRate = Double.NaN;
        private double weightDecay = 0.0;
        private int epochs = 3;
        private int batchSize = 16;
        private int maxLength = 64;
        private int patience = 2;
        private int testSize = 0;
        private long seed;
        private boolean progress;

        private Builder() {}

        /** @param name a name of {@link PretrainedModels#names()} ("minilm", "bge", ...) */
        public Builder setModel(String name) {
            this.model = name;
            return this;
        }

        /** @param dataset a loaded dataset */
        public Builder setTask(Dataset dataset) {
            this.dataset = dataset;
            this.datasetName = null;
            return this;
        }

        /** @param name a name of {@link Datasets#names()}, loaded by {@link #build()} */
        public Builder setTask(String name) {
            this.datasetName = name;
            this.dataset = null;
            return this;
        }

        /** @param n examples drawn from the train split, dev hold-out included, &ge; 2 */
        public Builder setTrainSize(int n) {
            this.trainSize = n;
            return this;
        }

        /** @param mode PROBE (default), LAST_K or FULL */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** @param k layers trained in LAST_K mode (default 1) */
        public Builder optLastK(int k) {
            this.lastK = k;
            return this;
        }

        /** @param kind ADAMW (default) or SGD */
        public Builder optOptimizer(OptimizerKind kind) {
            this.optimizer = kind;
            return this;
        }

        /** @param lr learning rate; default 1e-2 for PROBE, 2e-5 otherwise (AdamW) and 10x for SGD */
        public Builder optLearningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** @param lambda decoupled weight decay λ &ge; 0 (default 0) */
        public Builder optWeightDecay(double lambda) {
            this.weightDecay = lambda;
            return this;
        }

        /** @param epochs most epochs (default 3) */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** @param batchSize mini-batch size (default 16) */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param tokens most tokens per example, [CLS]/[SEP] included, in [4, 512] (default 64) */
        public Builder optMaxLength(int tokens) {
            this.maxLength = tokens;
            return this;
        }

        /** @param patience non-improving epochs that stop training (default 2) */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** @param n test examples scored (seeded sample); 0 = the whole test split (default) */
        public Builder optTestSize(int n) {
            this.testSize = n;
            return this;
        }

        /** @param seed seed of sampling, hold-out, head and shuffling (default 0) */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param on show a progress line */
        public Builder optProgress(boolean on) {
            this.progress = on;
            return this;
        }

        /**
         * @return the fine-tuner
         * @throws IllegalArgumentException naming the first bad argument
         */
        public EncoderFineTuner build() {
            if (model == null) {
                throw new IllegalArgumentException("model: required; accepted: "
                        + String.join(", ", PretrainedModels.names()));
            }
            if (!PretrainedModels.names().contains(model.trim().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("model: unknown '" + model + "'; accepted: "
                        + String.join(", ", PretrainedModels.names()));
            }
            if (dataset == null && datasetName == null) {
                throw new IllegalArgumentException("task: required (a Dataset or one of "
                        + String.join(", ", Datasets.names()) + ")");
            }
            if (dataset == null) {
                dataset = Datasets.load(datasetName);
            }
            if (trainSize < 2 || trainSize > dataset.train().size()) {
                throw new IllegalArgumentException("trainSize: must be in [2, " + dataset.train().size()
                        + "] for " + dataset.name() + ", got " + trainSize);
            }
            if (mode == null || optimizer == null) {
                throw new IllegalArgumentException("mode/optimizer: must not be null");
            }
            if (!Double.isNaN(learningRate) && !(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException("learningRate: must be finite and > 0, got " + learningRate);
            }
            if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
                throw new IllegalArgumentException("weightDecay: must be finite and >= 0, got " + weightDecay);
            }
            if (epochs < 1 || batchSize < 1 || patience < 1 || testSize < 0) {
                throw new IllegalArgumentException("epochs, batchSize, patience must be >= 1 and testSize >= 0, got "
                        + epochs + ", " + batchSize + ", " + patience + ", " + testSize);
            }
            if (maxLength < 4 || maxLength > 512) {
                throw new IllegalArgumentException("maxLength: must be in [4, 512], got " + maxLength);
            }
            if (mode == Mode.LAST_K && lastK < 1) {
                throw new IllegalArgumentException("lastK: must be >= 1, got " + lastK);
            }
            return new EncoderFineTuner(this);
        }
    }

    /** The learning rate actually used (the default when none was set). */
    double learningRate() {
        if (!Double.isNaN(b.learningRate)) {
            return b.learningRate;
        }
        double lr = b.mode == Mode.PROBE ? 1e-2 : 2e-5;
        return b.optimizer == OptimizerKind.SGD ? 10 * lr : lr;
    }

    /** DJL's optimiser with a fixed learning rate and weight decay. */
    static Optimizer newOptimizer(OptimizerKind kind, double lr, double weightDecay) {
        if (kind == OptimizerKind.SGD) {
            return Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) lr))
                    .optWeightDecays((float) weightDecay).build();
        }
        return Optimizer.adamW().optLearningRateTracker(Tracker.fixed((float) lr))
                .optWeightDecays((float) weightDecay).build();
    }

    /** One optimiser update of every parameter from its current gradient, grad mode off. */
    static void step(Optimizer optimizer, List<NamedParameter> parameters) {
        Autograd.noGrad(() -> {
            for (NamedParameter p : parameters) {
                try (NDArray g = p.array().getGradient()) {
                    optimizer.update(p.name(), p.array(), g);
                }
            }
        });
    }

    /** Pooled features or labels of one set. */
    private record Part(List<Example> examples, double[] targets, float[][] features) {}

    /**
     * Runs the fine-tuning.
     *
     * @return metrics, curves and the chosen epoch
     */
    public FineTuneResult run() {
        long t0 = System.nanoTime();
        try (NDManager root = NDManager.newBaseManager();
                BertTokenizer tok = PretrainedModels.tokenizer(b.model, b.maxLength);
                BertEncoder enc = PretrainedModels.load(b.model, root)) {
            return run(enc, tok, root, t0);
        }
    }

    /** Head of the last run, read before the head's arrays are freed (for {@link #runOn}). */
    private FineTuned.Head lastHead;

    /**
     * {@link #run()} on an encoder the caller owns: the caller's encoder is trained in place and
     * keeps the weights of the chosen (early-stopped) epoch; the trained head is returned with the
     * metrics. The caller's tokenizer decides the maximum length ({@link Builder#optMaxLength} is
     * not used). The encoder's trainable flags are left as the mode set them.
     *
     * @param enc encoder, modified in place
     * @param tok tokenizer of that encoder
     * @param root manager for the run's temporary arrays (freed before returning)
     * @return metrics and trained head
     */
    public FineTuned runOn(BertEncoder enc, BertTokenizer tok, NDManager root) {
        FineTuneResult r = run(enc, tok, root, System.nanoTime());
        FineTuned.Head h = lastHead;
        return new FineTuned(r, h.inputs(), h.outputs(), h.weight(), h.bias());
    }

    /** {@link #run()} on an encoder the caller owns (tests inspect its parameters afterwards). */
    FineTuneResult run(BertEncoder enc, BertTokenizer tok, NDManager root, long t0) {
        Dataset ds = b.dataset;
        boolean regression = ds.taskType() == TaskType.REGRESSION;
        int outputs = regression ? 1 : ds.numClasses();
        List<Example> sample = regression ? Datasets.sample(ds.train(), b.trainSize, b.seed)
                : Datasets.sampleStratified(ds.train(), b.trainSize, b.seed);
        int devCount = Math.max(1, (int) Math.round(0.1 * b.trainSize));
        Datasets.HoldOut split = Datasets.holdOut(sample, devCount, b.seed);
        List<Example> test = ds.test();
        if (b.testSize > 0 && b.testSize < test.size()) {
            test = Datasets.sample(test, b.testSize, b.seed);
        }
        return run(enc, tok, root, t0, ds, regression, outputs, split, test);
    }

    private FineTuneResult run(BertEncoder enc, BertTokenizer tok, NDManager root, long t0, Dataset ds,
            boolean regression, int outputs, Datasets.HoldOut split, List<Example> test) {
        double lr = learningRate();
        try (Head head = new Head(enc.hiddenSize(), outputs, b.seed, root)) {
            Predicate<String> trainable = switch (b.mode) {
                case PROBE -> n -> false;
                case LAST_K -> ScalarHeadModel.lastLayers(Math.min(b.lastK, enc.numLayers()), enc.numLayers());
                case FULL -> n -> true;
            };
            if (b.mode == Mode.LAST_K && b.lastK > enc.numLayers()) {
                throw new IllegalArgumentException("lastK: " + b.lastK + " exceeds the " + enc.numLayers()
                        + " layers of " + enc.name());
            }
            enc.setTrainable(trainable);
            List<NamedParameter> params = new ArrayList<>();
            for (Map.Entry<String, NDArray> e : enc.trainableParameters().entrySet()) {
                params.add(new NamedParameter(e.getKey(), e.getValue()));
            }
            params.addAll(head.parameters());
            long trainableCount = params.stream().mapToLong(NamedParameter::size).sum();
            boolean probe = b.mode == Mode.PROBE;
            Part train = part(split.rest(), regression, probe, enc, tok, root);
            if (regression) {
                // start at the mean training score (scores are 0-5; a zero intercept costs many
                // small Adam steps and left a 5-epoch probe worse than predicting the mean)
                head.setBias(java.util.Arrays.stream(train.targets).average().orElse(0));
            }
            Part dev = part(split.heldOut(), regression, probe, enc, tok, root);
            Part tst = part(test, regression, probe, enc, tok, root);

            Optimizer opt = newOptimizer(b.optimizer, lr, b.weightDecay);
            HoldOutStopping rule = new HoldOutStopping(b.patience, 0.0);
            List<double[]> curve = new ArrayList<>(); // {trainLoss, devLoss, devMetric}
            Eval tr0 = evaluate(train, regression, head, enc, tok, root);
            Eval dv0 = evaluate(dev, regression, head, enc, tok, root);
            curve.add(new double[] {tr0.loss, dv0.loss, dv0.metric});
            rule.update(dv0.loss);
            Map<String, NDArray> best = new LinkedHashMap<>();
            NDManager snap = root.newSubManager();
            snapshot(params, best, snap);
            Random shuffle = new Random(b.seed ^ 0x5DEECE66DL);
            int n = train.examples.size();
            int batches = (n + b.batchSize - 1) / b.batchSize;
            int epochsRun = 0;
            try (Progress pr = b.progress ? Progress.start("finetune " + enc.name() + " on " + ds.name(),
                    (long) b.epochs * batches) : Progress.silent("finetune", (long) b.epochs * batches)) {
                for (int epoch = 1; epoch <= b.epochs; epoch++) {
                    int[] perm = permutation(n, shuffle);
                    double sum = 0;
                    for (int from = 0; from < n; from += b.batchSize) {
                        int to = Math.min(n, from + b.batchSize);
                        int[] rows = java.util.Arrays.copyOfRange(perm, from, to);
                        try (NDManager scope = root.newSubManager()) {
                            Autograd.zeroGradients(params);
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray out = head.forward(pooled(train, rows, enc, tok, scope));
                                NDArray loss = Head.loss(out, pick(train.targets, rows), regression);
                                sum += loss.getFloat() * rows.length;
                                gc.backward(loss);
                                step(opt, params);
                            }
                        }
                        pr.step();
                    }
                    epochsRun = epoch;
                    Eval dv = evaluate(dev, regression, head, enc, tok, root);
                    curve.add(new double[] {sum / n, dv.loss, dv.metric});
                    boolean stop = rule.update(dv.loss);
                    if (rule.bestEpoch() == epoch) {
                        snapshot(params, best, snap);
                    }
                    if (stop) {
                        break;
                    }
                }
            }
            // restore the best epoch's weights
            for (NamedParameter p : params) {
                Autograd.assign(p.array(), best.get(p.name()));
            }
            snap.close();
            Eval te = evaluate(tst, regression, head, enc, tok, root);
            double mse = Double.NaN;
            double acc = Double.NaN;
            double f1 = Double.NaN;
            if (regression) {
                mse = te.loss;
            } else {
                int[] gold = new int[tst.targets.length];
                for (int i = 0; i < gold.length; i++) {
                    gold[i] = (int) tst.targets[i];
                }
                acc = Metrics.accuracy(te.predictedLabels, gold);
                f1 = Metrics.macroF1(te.predictedLabels, gold, outputs);
            }
            lastHead = new FineTuned.Head(enc.hiddenSize(), outputs, head.weight().toFloatArray(),
                    head.bias().toFloatArray());
            double[] trl = curve.stream().mapToDouble(c -> c[0]).toArray();
            double[] dvl = curve.stream().mapToDouble(c -> c[1]).toArray();
            double[] dvm = curve.stream().mapToDouble(c -> c[2]).toArray();
            return new FineTuneResult(enc.name(), ds.name(), ds.taskType().name(), b.mode.name(),
                    b.mode == Mode.LAST_K ? b.lastK : 0, b.optimizer.name(), split.rest().size(),
                    split.heldOut().size(), test.size(), trainableCount, trl, dvl, dvm, rule.bestEpoch(),
                    epochsRun, rule.stopped(), mse, acc, f1, (System.nanoTime() - t0) / 1e9,
                    ProcessMemory.peakRssBytes());
        }
    }

    private static void snapshot(List<NamedParameter> params, Map<String, NDArray> best, NDManager snap) {
        Autograd.noGrad(() -> {
            for (NamedParameter p : params) {
                NDArray old = best.get(p.name());
                NDArray c = p.array().duplicate();
                c.attach(snap);
                best.put(p.name(), c);
                if (old != null) {
                    old.close();
                }
            }
        });
    }

    private static int[] permutation(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] pick(double[] a, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = a[rows[i]];
        }
        return out;
    }

    private static Tokenized tokenize(List<Example> ex, int[] rows, BertTokenizer tok) {
        List<String> a = new ArrayList<>();
        List<String> c = new ArrayList<>();
        boolean pair = false;
        for (int r : rows) {
            Example e = ex.get(r);
            a.add(e.text1());
            c.add(e.isPair() ? e.text2() : "");
            pair |= e.isPair();
        }
        return pair ? tok.encodePairs(a, c) : tok.encode(a);
    }

    /** Pooled encoder output of some rows of a part: cached features in PROBE mode. */
    private static NDArray pooled(Part p, int[] rows, BertEncoder enc, BertTokenizer tok, NDManager scope) {
        if (p.features != null) {
            float[][] f = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                f[i] = p.features[rows[i]];
            }
            return scope.create(f);
        }
        return enc.embed(tokenize(p.examples, rows, tok), scope);
    }

    private static final int EVAL_BATCH = 32;

    private static Part part(List<Example> ex, boolean regression, boolean cache, BertEncoder enc,
            BertTokenizer tok, NDManager root) {
        double[] y = new double[ex.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = regression ? ex.get(i).score() : ex.get(i).label();
        }
        if (!cache) {
            return new Part(ex, y, null);
        }
        float[][] f = new float[ex.size()][];
        Autograd.noGrad(() -> {
            for (int from = 0; from < ex.size(); from += EVAL_BATCH) {
                int to = Math.min(ex.size(), from + EVAL_BATCH);
                int[] rows = java.util.stream.IntStream.range(from, to).toArray();
                try (NDManager scope = root.newSubManager()) {
                    float[] flat = enc.embed(tokenize(ex, rows, tok), scope).toFloatArray();
                    int d = flat.length / rows.length;
                    for (int i = 0; i < rows.length; i++) {
                        f[from + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                    }
                }
            }
        });
        return new Part(ex, y, f);
    }

    private record Eval(double loss, double metric, int[] predictedLabels) {}

    /** Mean loss and metric (MSE, or accuracy) of a part, no gradients. */
    private static Eval evaluate(Part p, boolean regression, Head head, BertEncoder enc, BertTokenizer tok,
            NDManager root) {
        int n = p.examples.size();
        int[] predicted = new int[n];
        double[] sum = new double[1];
        Autograd.noGrad(() -> {
            for (int from = 0; from < n; from += EVAL_BATCH) {
                int to = Math.min(n, from + EVAL_BATCH);
                int[] rows = java.util.stream.IntStream.range(from, to).toArray();
                try (NDManager scope = root.newSubManager()) {
                    NDArray out = head.forward(pooled(p, rows, enc, tok, scope));
                    sum[0] += Head.loss(out, pick(p.targets, rows), regression).getFloat() * rows.length;
                    if (!regression) {
                        long[] am = out.argMax(1).toLongArray();
                        for (int i = 0; i < rows.length; i++) {
                            predicted[from + i] = (int) am[i];
                        }
                    }
                }
            }
        });
        double loss = sum[0] / n;
        if (regression) {
            return new Eval(loss, loss, null);
        }
        int[] gold = new int[n];
        for (int i = 0; i < n; i++) {
            gold[i] = (int) p.targets[i];
        }
        return new Eval(loss, Metrics.accuracy(predicted, gold), predicted);
    }
}
