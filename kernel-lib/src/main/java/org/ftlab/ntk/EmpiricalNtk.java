package org.ftlab.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The empirical neural tangent kernel matrix of paper 1 (Sun &amp; Raskutti): {@code K(i, j) =
 * <∇_θ f(θ, x_i), ∇_θ f(θ, x_j)> / N} (eq. 6 with the {@code 1/N} of eq. 5, i.e. {@code K = J
 * J^T / N}, eq. 7), optionally divided by the width {@code n} for standard parameterization (eq.
 * 37), over all parameters or a named subset (e.g. the head and the last k blocks). Restricting
 * to disjoint parameter groups splits the kernel: {@code K = Σ_groups K_group}.
 *
 * <p><b>EXACT</b>: per-sample gradients (one forward and one backward pass each, gradients zeroed
 * before each) are written as rows of {@code J} into a buffer and Gram blocks are formed by
 * NDArray {@code matMul}. If all {@code N×P} numbers fit {@code memoryBudgetBytes} they are held
 * at once ({@code N} passes). Otherwise samples are split into blocks of {@code b} rows (plus a
 * streaming buffer of {@code c} rows, {@code (b + c) P} numbers in the budget): block {@code I}
 * is computed once, then the gradients of every later sample are recomputed in chunks of {@code
 * c} to fill row block {@code I} of {@code K}. With {@code m = ceil(N/b)} blocks this costs
 * {@code N + Σ_{I=1}^{m-1} (N − I b) ≈ N (m + 1) / 2} passes, i.e. the recompute factor grows
 * linearly in {@code N P / budget}; {@link NtkResult#gradientEvaluations()} reports the count.
 *
 * <p><b>SKETCH</b>: {@code K̂ = (J S)(J S)^T / (D N)} with a Rademacher matrix {@code S ∈
 * {±1}^{P×D}} ({@code E[S S^T] = D I}, so {@code E[K̂] = K}, unbiased). {@code S} is never held
 * whole: its rows are generated in chunks of columns of {@code J} from {@code (seed, chunk
 * index)}, so every sample block sees the same {@code S}; only {@code N×D} sketch entries are
 * kept and every gradient is computed once. With {@code a_i} the rows of {@code J/sqrt(N n)},
 * {@code E(K̂_ij − K_ij)² = (K_ii K_jj + K_ij² − 2 Σ_p a_ip² a_jp²) / D} (for a Gaussian {@code S}
 * the last term is absent), hence
 *
 * <pre>
 *   E||K̂ − K||_F² = ((tr K)² + ||K||_F² − 2 R) / D,   R = Σ_p (Σ_i a_ip²)²,
 * </pre>
 *
 * and the reported {@link NtkResult#expectedRelativeError()} is {@code sqrt(E||K̂ − K||_F²) /
 * ||K||_F}, between {@code sqrt(2/D)·(1 − O(R))} for a rank-one {@code K} and about {@code
 * sqrt((N+1)/D)} for {@code K ∝ I}. {@code tr K} and {@code R} are computed exactly from the
 * gradients; {@code ||K||_F²} is estimated without bias from {@code E||K̂||_F² = ||K||_F² (1 +
 * 1/D) + ((tr K)² − 2R)/D}.
 *
 * <p>One {@code NDManager} per computation, one sub-manager per sample; the model's parameter
 * arrays are used as they are (unselected ones have {@code requiresGradient} switched off during
 * the computation and restored afterwards).
 */
public final class EmpiricalNtk {

    /** How {@code K} is obtained. */
    public enum Mode {
        /** {@code J J^T / N} from exact per-sample gradients, blocked under the memory budget. */
        EXACT,
        /** Unbiased Rademacher sketch {@code (J S)(J S)^T / (D N)}. */
        SKETCH
    }

    /** Receives progress in per-sample gradient evaluations. */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * @param done evaluations finished
         * @param total evaluations planned
         */
        void onProgress(long done, long total);
    }

    static final long DEFAULT_BUDGET = 256L << 20;
    /** Bytes per generated chunk of {@code S}. */
    private static final long SKETCH_CHUNK_BYTES = 8L << 20;

    // package-private: the per-layer Gram path of EncoderNtk reads the same settings
    final DifferentiableModel model;
    final NDArray inputs;
    final Predicate<String> selection;
    final Mode mode;
    final int sketchDim;
    final long budget;
    final double widthNorm;
    final long seed;
    final ProgressListener progress;
    final int threads;

    private EmpiricalNtk(Builder b) {
        this.threads = b.threads;
        this.model = b.model;
        this.inputs = b.inputs;
        this.selection = b.selection;
        this.mode = b.mode;
        this.sketchDim = b.sketchDim;
        this.budget = b.budget;
        this.widthNorm = b.widthNorm;
        this.seed = b.seed;
        this.progress = b.progress;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Computes the kernel matrix.
     *
     * @return the result
     */
    public NtkResult compute() {
        return Autograd.withIntraOpThreads(threads, this::computeInternal);
    }

    private NtkResult computeInternal() {
        long start = System.nanoTime();
        List<NamedParameter> all = model.parameters();
        List<NamedParameter> selected = new ArrayList<>();
        List<NamedParameter> frozen = new ArrayList<>();
        for (NamedParameter p : all) {
            (selection.test(p.name()) ? selected : frozen).add(p);
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("parameters: the selection matches no parameter");
        }
        List<NamedParameter> switchedOff = new ArrayList<>();
        try (NDManager work = NDManager.newBaseManager()) {
            for (NamedParameter p : frozen) {
                if (p.array().hasGradient()) {
                    p.array().setRequiresGradient(false);
                    switchedOff.add(p);
                }
            }
            Result r = mode == Mode.EXACT ? exact(work, selected) : sketch(work, selected);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new NtkResult(r.kernel, r.parameterCount, mode,
                    mode == Mode.SKETCH ? sketchDim : 0, widthNorm, seconds, r.peakBytes,
                    r.evaluations, r.expectedRelativeError, r.trace);
        } finally {
            for (NamedParameter p : switchedOff) {
                p.array().setRequiresGradient(true);
            }
        }
    }

    private static final class Result {
        double[][] kernel;
        long parameterCount;
        long peakBytes;
        long evaluations;
        double expectedRelativeError = Double.NaN;
        double trace;
    }

    private int sampleCount() {
        return Math.toIntExact(inputs.getShape().get(0));
    }

    /**
     * Counts gradient evaluations for the listener, or, without one, shows the default updating
     * progress line ({@link org.ftlab.util.Progress}: in the notebook, or on standard error).
     */
    private Runnable progressCounter(long total) {
        long[] done = {0};
        org.ftlab.util.Progress line = progress != null ? null
                : org.ftlab.util.Progress.start("empirical NTK (" + mode.name().toLowerCase(
                        java.util.Locale.ROOT) + "): per-sample gradients", total);
        return () -> {
            done[0]++;
            if (progress != null) {
                progress.onProgress(done[0], total);
            } else {
                line.step();
                if (done[0] == total) {
                    line.close();
                }
            }
        };
    }

    /** Passes needed by the blocked EXACT algorithm; see the class comment. */
    static long exactEvaluations(int n, int blockRows) {
        long total = n;
        for (long end = blockRows; end < n; end += blockRows) {
            total += n - end;
        }
        return total;
    }

    private Result exact(NDManager work, List<NamedParameter> selected) {
        int n = sampleCount();
        DataType type = selected.get(0).array().getDataType();
        long p = 0;
        for (NamedParameter np : selected) {
            p += np.size();
        }
        long rowBytes = p * type.getNumOfBytes();
        long capRows = budget / rowBytes;
        int blockRows;
        int streamRows;
        if (capRows >= n) {
            blockRows = n;
            streamRows = 0;
        } else if (capRows >= 2) {
            streamRows = (int) Math.max(1, capRows / 8);
            blockRows = (int) (capRows - streamRows);
        } else {
            throw new IllegalArgumentException(
                    "memoryBudgetBytes: " + budget + " bytes hold fewer than 2 gradient rows of "
                            + p + " parameters (" + rowBytes + " bytes each)");
        }
        long totalEvaluations = exactEvaluations(n, blockRows);
        PerSampleGradients grads =
                new PerSampleGradients(model, inputs, selected, progressCounter(totalEvaluations));
        double scale = 1.0 / (n * widthNorm);
        double[][] k = new double[n][n];
        NDArray block = work.zeros(new Shape(blockRows, p), type);
        NDArray stream = streamRows > 0 ? work.zeros(new Shape(streamRows, p), type) : null;
        for (int s = 0; s < n; s += blockRows) {
            int e = Math.min(n, s + blockRows);
            grads.fill(block, s, e);
            try (NDManager blockManager = work.newSubManager()) {
                NDArray gi = rows(block, e - s, blockManager);
                copyGram(k, gi, gi, s, s, scale, blockManager);
                for (int u = e; u < n; u += streamRows) {
                    int v = Math.min(n, u + streamRows);
                    grads.fill(stream, u, v);
                    try (NDManager streamManager = blockManager.newSubManager()) {
                        NDArray gj = rows(stream, v - u, streamManager);
                        copyGram(k, gi, gj, s, u, scale, streamManager);
                    }
                }
            }
        }
        Result r = new Result();
        r.kernel = k;
        r.parameterCount = p;
        r.peakBytes = (long) (blockRows + streamRows) * rowBytes;
        r.evaluations = grads.evaluations();
        for (int i = 0; i < n; i++) {
            r.trace += k[i][i];
        }
        return r;
    }

    /** Writes {@code scale · A B^T} into {@code k} at (row0, col0) and its mirror image. */
    private static void copyGram(
            double[][] k, NDArray a, NDArray b, int row0, int col0, double scale, NDManager work) {
        try (NDManager sub = work.newSubManager()) {
            NDArray bt = b.transpose();
            bt.attach(sub);
            NDArray g = a.matMul(bt);
            g.attach(sub);
            int rows = (int) g.getShape().get(0);
            int cols = (int) g.getShape().get(1);
            double[] v = toDoubles(g);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int r = row0 + i;
                    int c = col0 + j;
                    if (r <= c) { // upper triangle is the source: K exactly symmetric
                        double x = v[i * cols + j] * scale;
                        k[r][c] = x;
                        k[c][r] = x;
                    }
                }
            }
        }
    }

    /** A view of the first {@code count} rows of {@code buffer}, attached to {@code m}. */
    private static NDArray rows(NDArray buffer, int count, NDManager m) {
        NDArray v = buffer.get(new NDIndex("0:{}", count));
        v.attach(m);
        return v;
    }

    private static double[] toDoubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private Result sketch(NDManager work, List<NamedParameter> selected) {
        int n = sampleCount();
        int d = sketchDim;
        DataType type = selected.get(0).array().getDataType();
        int bytes = type.getNumOfBytes();
        long p = 0;
        for (NamedParameter np : selected) {
            p += np.size();
        }
        int chunkCols = (int) Math.max(1, Math.min(p, SKETCH_CHUNK_BYTES / ((long) d * bytes)));
        // Z (N×D), column sums (P), one chunk of S as float32 (+ its float64 copy if needed)
        long chunkBytes = (long) chunkCols * d * (4 + (type == DataType.FLOAT32 ? 0 : bytes));
        long fixedBytes = ((long) n * d + p) * bytes + chunkBytes;
        long rowBytes = p * bytes;
        long capRows = (budget - fixedBytes) / rowBytes;
        if (capRows < 1) {
            throw new IllegalArgumentException(
                    "memoryBudgetBytes: " + budget + " bytes cannot hold the sketch (" + fixedBytes
                            + " bytes) plus one gradient row (" + rowBytes + " bytes)");
        }
        int blockRows = (int) Math.min(n, capRows);
        PerSampleGradients grads =
                new PerSampleGradients(model, inputs, selected, progressCounter(n));
        NDArray block = work.zeros(new Shape(blockRows, p), type);
        NDArray z = work.zeros(new Shape(n, d), type);
        NDArray colSq = work.zeros(new Shape(p), type);
        int chunks = (int) ((p + chunkCols - 1) / chunkCols);
        RademacherChunks sChunks = new RademacherChunks(seed, chunkCols, d, type);
        for (int s = 0; s < n; s += blockRows) {
            int e = Math.min(n, s + blockRows);
            grads.fill(block, s, e);
            try (NDManager sub = work.newSubManager()) {
                NDArray g = rows(block, e - s, sub);
                NDArray zb = null;
                for (int c = 0; c < chunks; c++) {
                    long c0 = (long) c * chunkCols;
                    long c1 = Math.min(p, c0 + chunkCols);
                    try (NDManager chunkManager = sub.newSubManager()) {
                        NDArray sChunk = sChunks.chunk(chunkManager, c, (int) (c1 - c0));
                        NDArray gc = g.get(new NDIndex(":, {}:{}", c0, c1));
                        gc.attach(chunkManager);
                        NDArray part = gc.matMul(sChunk);
                        // column sums of squares, chunk by chunk (no N×P temporary)
                        NDIndex cols = new NDIndex("{}:{}", c0, c1);
                        NDArray old = colSq.get(cols);
                        old.attach(chunkManager);
                        colSq.set(cols, old.add(gc.square().sum(new int[] {0})));
                        if (zb == null) {
                            zb = part;
                            zb.attach(sub);
                        } else {
                            zb.addi(part);
                        }
                    }
                }
                z.set(new NDIndex("{}:{}", s, e), zb);
            }
        }
        double scale = 1.0 / ((double) n * widthNorm);
        double[][] k = new double[n][n];
        copyGram(k, z, z, 0, 0, scale / d, work);
        Result r = new Result();
        r.kernel = k;
        r.parameterCount = p;
        r.peakBytes = (long) blockRows * rowBytes + fixedBytes;
        r.evaluations = grads.evaluations();
        // exact tr K = Σ_i ||g_i||² / (N n) = Σ_p colSq_p / (N n); R = Σ_p colSq_p² / (N n)²
        double[] cs = toDoubles(colSq);
        double trace = 0;
        double rTerm = 0;
        for (double c : cs) {
            trace += c * scale;
            rTerm += c * scale * c * scale;
        }
        r.trace = trace;
        double fro2Hat = 0;
        for (double[] row : k) {
            for (double x : row) {
                fro2Hat += x * x;
            }
        }
        double fro2 = (fro2Hat - (trace * trace - 2 * rTerm) / d) / (1.0 + 1.0 / d);
        if (!(fro2 > 0)) {
            fro2 = fro2Hat;
        }
        double mse = (trace * trace + fro2 - 2 * rTerm) / d;
        r.expectedRelativeError = Math.sqrt(Math.max(mse, 0) / fro2);
        return r;
    }

    /** Builder: required {@code setX}, optional {@code optX}, validation in {@link #build()}. */
    public static final class Builder {
        private DifferentiableModel model;
        private NDArray inputs;
        private Predicate<String> selection = name -> true;
        private Collection<String> selectionNames;
        private Mode mode = Mode.EXACT;
        private int sketchDim = 256;
        private long budget = DEFAULT_BUDGET;
        private double widthNorm = 1.0;
        private long seed;
        private ProgressListener progress;
        private int threads = 1;

        private Builder() {}

        /**
         * @param model the network {@code f(θ, ·)}
         * @return this builder
         */
        public Builder setModel(DifferentiableModel model) {
            this.model = model;
            return this;
        }

        /**
         * @param inputs {@code X}, shape {@code [N, ...]} accepted by the model (not closed)
         * @return this builder
         */
        public Builder setInputs(NDArray inputs) {
            this.inputs = inputs;
            return this;
        }

        /**
         * @param selection parameters whose gradients enter {@code J}; default all
         * @return this builder
         */
        public Builder optParameters(Predicate<String> selection) {
            this.selection = Objects.requireNonNull(selection, "selection");
            this.selectionNames = null;
            return this;
        }

        /**
         * @param names exact names of the parameters whose gradients enter {@code J}
         * @return this builder
         */
        public Builder optParameters(Collection<String> names) {
            this.selectionNames = List.copyOf(names);
            Set<String> set = new HashSet<>(selectionNames);
            this.selection = set::contains;
            return this;
        }

        /**
         * @param mode EXACT (default) or SKETCH
         * @return this builder
         */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * @param sketchDim {@code D} of SKETCH mode; default 256
         * @return this builder
         */
        public Builder optSketchDim(int sketchDim) {
            this.sketchDim = sketchDim;
            return this;
        }

        /**
         * @param bytes budget for gradient and sketch buffers; default 256 MiB
         * @return this builder
         */
        public Builder optMemoryBudgetBytes(long bytes) {
            this.budget = bytes;
            return this;
        }

        /**
         * @param n divide {@code K} by the width {@code n} (eq. 37); default 1 (no division)
         * @return this builder
         */
        public Builder optWidthNormalisation(double n) {
            this.widthNorm = n;
            return this;
        }

        /**
         * @param seed seed of the sketch matrix {@code S}; default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param listener receives progress in gradient evaluations; without one the computation
         *     shows an updating progress line (notebook or standard error)
         * @return this builder
         */
        public Builder optProgress(ProgressListener listener) {
            this.progress = listener;
            return this;
        }

        /**
         * @param threads PyTorch intra-op threads during the computation, restored afterwards
         *     (process-wide setting); default 1, which is fastest for per-sample passes on a
         *     loaded 2-core machine (see {@link Autograd#withIntraOpThreads}); 0 leaves it alone
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Validates the arguments.
         *
         * @return the configured computation
         */
        public EmpiricalNtk build() {
            if (model == null) {
                throw new IllegalArgumentException("model: required, call setModel(...)");
            }
            if (inputs == null) {
                throw new IllegalArgumentException("inputs: required, call setInputs(NDArray)");
            }
            if (inputs.getShape().dimension() < 1 || inputs.getShape().get(0) < 1) {
                throw new IllegalArgumentException(
                        "inputs: shape " + inputs.getShape() + ", expected [N, ...] with N >= 1");
            }
            if (mode == null) {
                throw new IllegalArgumentException("mode: null, accepted EXACT or SKETCH");
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads: " + threads + ", expected >= 0");
            }
            if (sketchDim < 1) {
                throw new IllegalArgumentException("sketchDim: " + sketchDim + ", expected >= 1");
            }
            if (budget < 1) {
                throw new IllegalArgumentException("memoryBudgetBytes: " + budget + ", expected > 0");
            }
            if (!(widthNorm > 0) || Double.isInfinite(widthNorm)) {
                throw new IllegalArgumentException(
                        "widthNormalisation: " + widthNorm + ", expected finite > 0");
            }
            if (selectionNames != null) {
                Set<String> known = new HashSet<>();
                for (NamedParameter p : model.parameters()) {
                    known.add(p.name());
                }
                for (String name : selectionNames) {
                    if (!known.contains(name)) {
                        throw new IllegalArgumentException("parameters: unknown name " + name);
                    }
                }
            }
            DataType type = null;
            for (NamedParameter p : model.parameters()) {
                DataType t = p.array().getDataType();
                if (t != DataType.FLOAT32 && t != DataType.FLOAT64) {
                    throw new IllegalArgumentException(
                            "model: parameter " + p.name() + " has type " + t
                                    + ", accepted FLOAT32 or FLOAT64");
                }
                if (type != null && t != type) {
                    throw new IllegalArgumentException(
                            "model: parameters mix " + type + " and " + t);
                }
                type = t;
            }
            return new EmpiricalNtk(this);
        }
    }
}
