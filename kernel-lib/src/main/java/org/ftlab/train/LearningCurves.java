package org.ftlab.train;

import ai.djl.ndarray.NDManager;

import org.ftlab.data.Dataset;
import org.ftlab.data.Datasets;
import org.ftlab.data.TaskType;
import org.ftlab.model.Autograd;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.util.ProcessMemory;
import org.ftlab.util.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Learning curves of paper 1 (Sun &amp; Raskutti), §7.1, Figure 2 and Figure 10: for each task, each
 * training-set size {@code n} and each seed, fine-tune with {@link EncoderFineTuner} (hold-out early
 * stopping, §6.2) and record the test MSE (regression) or test accuracy and macro-F1 (classification).
 * §6.3, eq. (30) predicts an error {@code O(n^{-2β/(2β+1)})}, so a task whose NTK spectrum decays
 * faster (larger β, eq. 29) should need fewer samples; {@link LearningCurvesResult#rankAgainst}
 * compares the two rankings.
 *
 * <p><b>Cost.</b> The encoder dominates. In PROBE mode (default) each task's examples are encoded once
 * ({@link FeatureCache}) and the cached features serve every size and seed; the result is exactly what
 * independent {@link EncoderFineTuner#run()} calls give on the same machine, bit for bit, because each
 * example is encoded alone (its features do not depend on which run asked for it first or with which
 * other examples). LAST_K mode re-encodes every batch and is only practical at small sizes.
 *
 * <p><b>Samples.</b> Run {@code (n, s)} draws {@code n} training examples with seed {@code s} as
 * {@link EncoderFineTuner} does (10% of them held out for stopping); the test sample ({@link
 * Builder#optTestSize}) is drawn once with the first seed and shared by all runs of a task.
 *
 * <pre>{@code
 * LearningCurvesResult r = LearningCurves.builder().setModel("minilm").setTasks("stsb", "rte")
 *         .optSizes(50, 100, 200).optSeeds(3).build().run();
 * }</pre>
 */
public final class LearningCurves {

    private final Builder b;
    private final List<Dataset> datasets;

    private LearningCurves(Builder b, List<Dataset> datasets) {
        this.b = b;
        this.datasets = datasets;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder: required {@code setModel} and {@code setTasks}; the rest optional. */
    public static final class Builder {
        private String model;
        private List<String> tasks;
        private List<Dataset> loaded;
        private int[] sizes = {50, 100, 200};
        private int seedCount = 3;
        private long firstSeed;
        private EncoderFineTuner.Mode mode = EncoderFineTuner.Mode.PROBE;
        private int lastK = 1;
        private int layer = -1;
        private EncoderFineTuner.Features features = EncoderFineTuner.Features.POOLED;
        private int epochs = 30;
        private int patience = 5;
        private double learningRate = Double.NaN;
        private int batchSize = 16;
        private int maxLength = 64;
        private int testSize = 500;
        private int threads = 1;
        private boolean progress;

        private Builder() {}

        /** @param name a name of {@link PretrainedModels#names()} */
        public Builder setModel(String name) {
            this.model = name;
            return this;
        }

        /** @param names dataset names of {@link Datasets#names()}, loaded by {@link #build()} */
        public Builder setTasks(String... names) {
            this.tasks = List.of(names);
            this.loaded = null;
            return this;
        }

        /** @param names dataset names of {@link Datasets#names()} */
        public Builder setTasks(List<String> names) {
            this.tasks = List.copyOf(names);
            this.loaded = null;
            return this;
        }

        /** @param data loaded datasets (e.g. SemRel from your own copy) */
        public Builder setDatasets(List<Dataset> data) {
            this.loaded = List.copyOf(data);
            this.tasks = null;
            return this;
        }

        /** @param n training-set sizes (hold-out included), each &ge; 10, strictly increasing; default 50, 100, 200 */
        public Builder optSizes(int... n) {
            this.sizes = n.clone();
            return this;
        }

        /** @param count seeds per size, &ge; 1 (default 3) */
        public Builder optSeeds(int count) {
            this.seedCount = count;
            return this;
        }

        /** @param seed first seed; runs use {@code seed, seed+1, ...} (default 0) */
        public Builder optSeed(long seed) {
            this.firstSeed = seed;
            return this;
        }

        /** @param mode PROBE (default, cached features) or LAST_K (slow); FULL is refused */
        public Builder optMode(EncoderFineTuner.Mode mode) {
            this.mode = mode;
            return this;
        }

        /** @param k layers trained in LAST_K mode (default 1) */
        public Builder optLastK(int k) {
            this.lastK = k;
            return this;
        }

        /** @param k layer below the appended head ({@link EncoderFineTuner.Builder#optLayer}); default last */
        public Builder optLayer(int k) {
            this.layer = k;
            return this;
        }

        /** @param f what the head sees of a pair (default POOLED; SIAMESE with PROBE only) */
        public Builder optFeatures(EncoderFineTuner.Features f) {
            this.features = f;
            return this;
        }

        /** @param epochs most epochs per run (default 30: cached probe epochs are cheap) */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** @param patience non-improving epochs that stop a run (default 5) */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** @param lr learning rate (default: {@link EncoderFineTuner}'s, 1e-2 for PROBE) */
        public Builder optLearningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** @param batchSize mini-batch size (default 16) */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param tokens most tokens per input (default 64) */
        public Builder optMaxLength(int tokens) {
            this.maxLength = tokens;
            return this;
        }

        /** @param n test examples per task, one seeded sample shared by all runs; 0 = all (default 500) */
        public Builder optTestSize(int n) {
            this.testSize = n;
            return this;
        }

        /** @param threads PyTorch intra-op threads while encoding (default 1; 0 = leave as is) */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** @param on show a progress line */
        public Builder optProgress(boolean on) {
            this.progress = on;
            return this;
        }

        /**
         * Validates and loads the datasets.
         *
         * @return the experiment
         * @throws IllegalArgumentException naming the first bad argument
         */
        public LearningCurves build() {
            if (model == null || !PretrainedModels.names().contains(model.trim().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("model: " + (model == null ? "required" : "unknown '" + model + "'")
                        + "; accepted: " + String.join(", ", PretrainedModels.names()));
            }
            List<Dataset> data = new ArrayList<>();
            if (loaded != null) {
                data.addAll(loaded);
            } else if (tasks != null) {
                for (String t : tasks) {
                    String name = t.trim().toLowerCase(Locale.ROOT);
                    if (!Datasets.names().contains(name)) {
                        throw new IllegalArgumentException("tasks: unknown dataset '" + t + "'; accepted: "
                                + String.join(", ", Datasets.names()));
                    }
                    data.add(Datasets.load(name));
                }
            }
            if (data.isEmpty()) {
                throw new IllegalArgumentException("tasks: required, at least one of "
                        + String.join(", ", Datasets.names()));
            }
            if (data.stream().map(Dataset::name).distinct().count() != data.size()) {
                throw new IllegalArgumentException("tasks: a task is listed twice");
            }
            if (sizes == null || sizes.length == 0) {
                throw new IllegalArgumentException("sizes: at least one size required");
            }
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] < 10 || (i > 0 && sizes[i] <= sizes[i - 1])) {
                    throw new IllegalArgumentException("sizes: must be >= 10 and strictly increasing, got "
                            + Arrays.toString(sizes));
                }
            }
            for (Dataset d : data) {
                int max = sizes[sizes.length - 1];
                if (max > d.train().size()) {
                    throw new IllegalArgumentException("sizes: " + max + " exceeds the " + d.train().size()
                            + " training examples of " + d.name());
                }
            }
            if (seedCount < 1) {
                throw new IllegalArgumentException("seeds: must be >= 1, got " + seedCount);
            }
            if (mode == null || mode == EncoderFineTuner.Mode.FULL) {
                throw new IllegalArgumentException("mode: accepted PROBE or LAST_K, got " + mode);
            }
            if (testSize < 0 || threads < 0) {
                throw new IllegalArgumentException("testSize, threads: must be >= 0, got " + testSize + ", "
                        + threads);
            }
            // the per-run arguments are checked by EncoderFineTuner's own build()
            template(data.get(0), sizes[0], firstSeed).build();
            return new LearningCurves(this, data);
        }

        EncoderFineTuner.Builder template(Dataset d, int n, long seed) {
            EncoderFineTuner.Builder f = EncoderFineTuner.builder().setModel(model).setTask(d).setTrainSize(n)
                    .optMode(mode).optLastK(lastK).optLayer(layer).optFeatures(features).optEpochs(epochs).optPatience(patience)
                    .optBatchSize(batchSize).optMaxLength(maxLength).optTestSize(testSize).optSeed(seed)
                    .optTestSeed(firstSeed);
            if (!Double.isNaN(learningRate)) {
                f.optLearningRate(learningRate);
            }
            return f;
        }
    }

    /**
     * Loads the encoder once and runs every (task, size, seed).
     *
     * @return the curves
     */
    public LearningCurvesResult run() {
        long t0 = System.nanoTime();
        try (NDManager root = NDManager.newBaseManager();
                BertTokenizer tok = PretrainedModels.tokenizer(b.model, b.maxLength);
                BertEncoder enc = PretrainedModels.load(b.model, root)) {
            return Autograd.withIntraOpThreads(b.threads, () -> run(enc, tok, root, t0));
        }
    }

    /**
     * {@link #run()} on an encoder the caller owns (loaded once for several experiments, e.g. in a
     * notebook); it must be the model named by {@code setModel}. Which of its parameters are trainable
     * is restored afterwards (the runs freeze them), so e.g. {@link org.ftlab.ntk.TaskSpectra} can use it next.
     *
     * @param encoder the loaded encoder, not closed
     * @return the curves
     */
    public LearningCurvesResult run(BertEncoder encoder) {
        long t0 = System.nanoTime();
        java.util.Set<String> trainable = new java.util.HashSet<>(encoder.trainableParameters().keySet());
        try (NDManager root = NDManager.newBaseManager();
                BertTokenizer tok = PretrainedModels.tokenizer(b.model, b.maxLength)) {
            return Autograd.withIntraOpThreads(b.threads, () -> run(encoder, tok, root, t0));
        } finally {
            encoder.setTrainable(trainable::contains);
        }
    }

    /** {@link #run()} on an encoder the caller owns. */
    LearningCurvesResult run(BertEncoder enc, BertTokenizer tok, NDManager root, long t0) {
        long[] seeds = new long[b.seedCount];
        for (int s = 0; s < seeds.length; s++) {
            seeds[s] = b.firstSeed + s;
        }
        int[] sizes = b.sizes;
        List<LearningCurvesResult.TaskCurve> curves = new ArrayList<>();
        int layer = -1;
        try (Progress pr = b.progress
                ? Progress.start("learning curves " + enc.name(), (long) datasets.size() * sizes.length * seeds.length)
                : Progress.silent("learning curves", (long) datasets.size() * sizes.length * seeds.length)) {
            for (Dataset d : datasets) {
                long t1 = System.nanoTime();
                boolean regression = d.taskType() == TaskType.REGRESSION;
                double[][] mse = new double[sizes.length][seeds.length];
                double[][] acc = new double[sizes.length][seeds.length];
                double[][] f1 = new double[sizes.length][seeds.length];
                double[][] best = new double[sizes.length][seeds.length];
                FeatureCache cache = null;
                for (int i = 0; i < sizes.length; i++) {
                    for (int s = 0; s < seeds.length; s++) {
                        EncoderFineTuner ft = b.template(d, sizes[i], seeds[s]).build();
                        layer = ft.layer(enc);
                        if (b.mode == EncoderFineTuner.Mode.PROBE && cache == null) {
                            cache = new FeatureCache(enc, tok, layer,
                                    b.features == EncoderFineTuner.Features.SIAMESE, root);
                        }
                        FineTuneResult r = ft.run(enc, tok, root, System.nanoTime(), cache);
                        mse[i][s] = r.testMse();
                        acc[i][s] = r.testAccuracy();
                        f1[i][s] = r.testMacroF1();
                        best[i][s] = r.bestEpoch();
                        pr.step();
                    }
                }
                curves.add(new LearningCurvesResult.TaskCurve(d.name(), regression, sizes.clone(), seeds.clone(),
                        regression ? mse : null, regression ? null : acc, regression ? null : f1, best,
                        cache == null ? -1 : cache.encodedCount(), (System.nanoTime() - t1) / 1e9));
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", enc.name());
        settings.put("mode", b.mode.name() + (b.mode == EncoderFineTuner.Mode.LAST_K ? " k=" + b.lastK : ""));
        settings.put("layer", layer + " of " + enc.numLayers());
        settings.put("pair features", b.features.name());
        settings.put("epochs (most), patience", b.epochs + ", " + b.patience);
        settings.put("max tokens", Integer.toString(b.maxLength));
        settings.put("test examples per task", b.testSize == 0 ? "all" : Integer.toString(b.testSize));
        return new LearningCurvesResult(settings, curves, List.of(), (System.nanoTime() - t0) / 1e9,
                ProcessMemory.peakRssBytes());
    }
}
