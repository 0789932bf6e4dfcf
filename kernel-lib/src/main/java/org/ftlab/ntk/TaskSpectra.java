package org.ftlab.ntk;

import org.ftlab.data.Dataset;
import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.pretrained.Tokenized;
import org.ftlab.spectrum.BetaFit;
import org.ftlab.spectrum.PowerLawTail;
import org.ftlab.spectrum.SymmetricEigen;
import org.ftlab.util.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The eigenvalue-decay experiment of paper 1 (Sun &amp; Raskutti), §7.1 with appendix A.3: for
 * one task, draw {@code N} random training examples, compute the empirical NTK of the pretrained
 * model with a scalar head ({@link EncoderNtk}, eq. 7), take its eigenvalues, and estimate the
 * decay exponent β of eq. (29) by least squares on {@code log(λ_k/λ_1)} against {@code log k}
 * (eq. 31-32, {@link BetaFit}); repeat over {@code R} independent draws and report mean ± sd.
 * Beside β the maximum-likelihood power-law tail exponent ({@link PowerLawTail}) is converted to
 * the same scale, {@code β_MLE = 1/(2(α − 1))}.
 *
 * <p>Draw {@code r} (0-based) takes {@code Datasets.sample(train, N, seed + r)}; the head is the
 * same for every draw ({@code ScalarHeadModel}'s own seed). Default window: every rank whose
 * eigenvalue exceeds {@link BetaFit#DEFAULT_RELATIVE_FLOOR}{@code ·λ_1}, i.e. {@code k = 1..N} in
 * practice, as in the paper's figures 4-9.
 *
 * <pre>{@code
 * TaskSpectrum s = TaskSpectra.builder().setTask("rte").optSamples(100).optDraws(3)
 *         .optLayersTrained(1).build().run(model, tokenizer);
 * }</pre>
 */
public final class TaskSpectra {

    /** Tolerance for the float32 kernel's symmetry and tiny negative eigenvalues. */
    static final double EIGEN_TOLERANCE = 1e-5;

    private final String task;
    private final List<Example> pool;
    private final int samples;
    private final int draws;
    private final long seed;
    private final int layersTrained;
    private final EncoderNtk.Method method;
    private final EmpiricalNtk.Mode mode;
    private final int sketchDim;
    private final long budget;
    private final int threads;
    private final int kMin;
    private final int kMax;
    private final boolean progress;

    private TaskSpectra(Builder b) {
        this.task = b.task;
        this.pool = b.pool;
        this.samples = b.samples;
        this.draws = b.draws;
        this.seed = b.seed;
        this.layersTrained = b.layersTrained;
        this.method = b.method;
        this.mode = b.mode;
        this.sketchDim = b.sketchDim;
        this.budget = b.budget;
        this.threads = b.threads;
        this.kMin = b.kMin;
        this.kMax = b.kMax;
        this.progress = b.progress;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the R draws.
     *
     * @param model encoder + scalar head (not closed)
     * @param tokenizer tokenizer of the same model; its max length truncates every input
     * @return β per draw, mean ± sd, eigenvalues and the MLE tail exponent
     */
    public TaskSpectrum run(ScalarHeadModel model, BertTokenizer tokenizer) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokenizer, "tokenizer");
        List<Example> train = pool;
        if (train == null) {
            Dataset d = Datasets.load(task);
            train = d.train();
        }
        if (samples > train.size()) {
            throw new IllegalArgumentException("samples: " + samples + " > " + train.size()
                    + " training examples of " + task);
        }
        List<TaskSpectrum.Draw> out = new ArrayList<>();
        long start = System.nanoTime();
        try (Progress bar = progress
                ? Progress.start("NTK " + task + " (" + draws + " draws x " + samples + ")",
                        (long) draws * samples)
                : Progress.silent("NTK " + task, (long) draws * samples)) {
            for (int r = 0; r < draws; r++) {
                List<Example> picked = Datasets.sample(train, samples, seed + r);
                Tokenized batch = EncoderNtk.tokenize(tokenizer, picked);
                long[] last = {0};
                EmpiricalNtk.Builder opts = EmpiricalNtk.builder().optMode(mode)
                        .optSketchDim(sketchDim).optMemoryBudgetBytes(budget)
                        .optSeed(seed + r).optThreads(threads)
                        .optProgress((done, total) -> {
                            // passes beyond N (blocked recompute) are not shown
                            if (done <= samples && done > last[0]) {
                                bar.advance(done - last[0]);
                                last[0] = done;
                            }
                        });
                NtkResult k = EncoderNtk.compute(model, batch, layersTrained, opts, method);
                String bad = implausible(k.kernel());
                if (bad != null) {
                    // seen once in a notebook run on a heavily loaded machine (lambda_1 ~ 1e28),
                    // not reproduced since; recompute the draw once rather than fit garbage
                    System.err.println("TaskSpectra: " + task + " draw " + r + ": " + bad
                            + "; recomputing this draw once");
                    last[0] = samples;
                    k = EncoderNtk.compute(model, batch, layersTrained, opts, method);
                    bad = implausible(k.kernel());
                    if (bad != null) {
                        throw new IllegalStateException("NTK of " + task + " draw " + r + ": "
                                + bad);
                    }
                }
                double[] ev = SymmetricEigen.decompose(k.kernel(), false, EIGEN_TOLERANCE).values();
                BetaFit fit = kMin > 0 ? BetaFit.fit(ev, kMin, Math.min(kMax, ev.length))
                        : BetaFit.fit(ev);
                PowerLawTail tail = positiveCount(ev) >= PowerLawTail.DEFAULT_MIN_TAIL
                        ? PowerLawTail.fit(java.util.Arrays.copyOf(ev, positiveCount(ev))) : null;
                double meanLength = 0;
                for (int i = 0; i < batch.batchSize(); i++) {
                    meanLength += batch.realLength(i);
                }
                out.add(new TaskSpectrum.Draw(seed + r, ev, fit, tail, k.parameterCount(),
                        k.seconds(), k.gradientEvaluations(), k.expectedRelativeError(),
                        meanLength / batch.batchSize()));
            }
        }
        String layers = layersTrained == EncoderNtk.ALL ? "all" : Integer.toString(layersTrained);
        return new TaskSpectrum(task, model.encoder().name(), samples, tokenizer.maxLength(),
                layers, mode, sketchDim, out, (System.nanoTime() - start) / 1e9);
    }

    /**
     * A reason why {@code k} cannot be a Gram matrix of the per-sample gradients, or null: a
     * non-finite entry, a negative diagonal, an entry breaking Cauchy-Schwarz
     * {@code |K_ij| <= sqrt(K_ii K_jj)} by more than 1e-3 relative, or a diagonal entry more than
     * 1e6 times the median diagonal (a single corrupted gradient row).
     */
    static String implausible(double[][] k) {
        int n = k.length;
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            diag[i] = k[i][i];
            if (!(diag[i] >= 0) || Double.isInfinite(diag[i])) {
                return "K(" + i + "," + i + ") = " + diag[i];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double bound = Math.sqrt(diag[i] * diag[j]) * (1 + 1e-3) + 1e-30;
                if (!Double.isFinite(k[i][j]) || Math.abs(k[i][j]) > bound) {
                    return "K(" + i + "," + j + ") = " + k[i][j]
                            + " breaks Cauchy-Schwarz (bound " + bound + ")";
                }
            }
        }
        double[] sorted = diag.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[n / 2];
        if (median > 0 && sorted[n - 1] > 1e6 * median) {
            return "largest diagonal " + sorted[n - 1] + " > 1e6 x median " + median;
        }
        return null;
    }

    private static int positiveCount(double[] ev) {
        int r = 0;
        while (r < ev.length && ev[r] > BetaFit.DEFAULT_RELATIVE_FLOOR * ev[0]) {
            r++;
        }
        return r;
    }

    /** Builder: required {@code setTask} (or {@code setExamples}); the rest optional. */
    public static final class Builder {
        private String task;
        private List<Example> pool;
        private int samples = 100;
        private int draws = 3;
        private long seed;
        private int layersTrained = 1;
        private EncoderNtk.Method method = EncoderNtk.Method.LAYER_GRAM;
        private EmpiricalNtk.Mode mode = EmpiricalNtk.Mode.EXACT;
        private int sketchDim = 512;
        private long budget = 768L << 20;
        private int threads = 1;
        private int kMin;
        private int kMax;
        private boolean progress;

        private Builder() {}

        /**
         * @param dataset a name of {@link Datasets#names()}; examples come from its train split
         * @return this builder
         */
        public Builder setTask(String dataset) {
            this.task = dataset;
            this.pool = null;
            return this;
        }

        /**
         * @param name label of the task (e.g. {@code semrel})
         * @param examples pool to draw from (e.g. {@code SemRel.load(dir).train()})
         * @return this builder
         */
        public Builder setExamples(String name, List<Example> examples) {
            this.task = name;
            this.pool = List.copyOf(examples);
            return this;
        }

        /**
         * @param n examples per draw, N (paper: 100); default 100
         * @return this builder
         */
        public Builder optSamples(int n) {
            this.samples = n;
            return this;
        }

        /**
         * @param r number of independent draws R; default 3
         * @return this builder
         */
        public Builder optDraws(int r) {
            this.draws = r;
            return this;
        }

        /**
         * @param seed draw r uses {@code seed + r} (sample and sketch); default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param k last transformer layers whose parameters enter the NTK besides the head
         *     ({@code 0} = head only), or {@link EncoderNtk#ALL}; default 1
         * @return this builder
         */
        public Builder optLayersTrained(int k) {
            this.layersTrained = k;
            return this;
        }

        /**
         * @param method how each kernel is computed: {@link EncoderNtk.Method#LAYER_GRAM}
         *     (default; cheap enough for {@link EncoderNtk#ALL} parameters) or {@link
         *     EncoderNtk.Method#PER_SAMPLE_GRADIENTS}
         * @return this builder
         */
        public Builder optMethod(EncoderNtk.Method method) {
            this.method = method;
            return this;
        }

        /**
         * @param mode EXACT (default) or SKETCH
         * @return this builder
         */
        public Builder optMode(EmpiricalNtk.Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * @param d sketch dimension for SKETCH; default 512
         * @return this builder
         */
        public Builder optSketchDim(int d) {
            this.sketchDim = d;
            return this;
        }

        /**
         * @param bytes gradient buffer budget of {@link EmpiricalNtk}; default 768 MiB
         * @return this builder
         */
        public Builder optMemoryBudgetBytes(long bytes) {
            this.budget = bytes;
            return this;
        }

        /**
         * @param threads PyTorch intra-op threads; default 1
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * @param kMin first rank of the least-squares window (1-based)
         * @param kMax last rank (clipped to N)
         * @return this builder
         */
        public Builder optWindow(int kMin, int kMax) {
            this.kMin = kMin;
            this.kMax = kMax;
            return this;
        }

        /**
         * @param show print a progress line
         * @return this builder
         */
        public Builder optProgress(boolean show) {
            this.progress = show;
            return this;
        }

        /**
         * Validates the settings.
         *
         * @return the experiment
         */
        public TaskSpectra build() {
            if (task == null) {
                throw new IllegalArgumentException("task: required, call setTask(name); accepted: "
                        + String.join(", ", Datasets.names()));
            }
            if (pool == null && !Datasets.names().contains(task)) {
                throw new IllegalArgumentException("task: unknown dataset '" + task
                        + "'; accepted: " + String.join(", ", Datasets.names()));
            }
            if (samples < 2) {
                throw new IllegalArgumentException("samples: " + samples + ", expected >= 2");
            }
            if (draws < 1) {
                throw new IllegalArgumentException("draws: " + draws + ", expected >= 1");
            }
            if (layersTrained < EncoderNtk.ALL) {
                throw new IllegalArgumentException("layersTrained: " + layersTrained
                        + ", expected -1 (all) or >= 0");
            }
            if (mode == null) {
                throw new IllegalArgumentException("mode: null, accepted EXACT or SKETCH");
            }
            if (method == null) {
                throw new IllegalArgumentException(
                        "method: null, accepted LAYER_GRAM or PER_SAMPLE_GRADIENTS");
            }
            if (kMin != 0 && (kMin < 1 || kMax <= kMin)) {
                throw new IllegalArgumentException("window: " + kMin + ":" + kMax
                        + ", expected 1 <= kMin < kMax");
            }
            return new TaskSpectra(this);
        }
    }
}
