package org.ftlab.ntk;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.pretrained.Tokenized;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The empirical NTK {@code K = J J^T / N} (eq. 7 of paper 1) of a {@link ScalarHeadModel} without
 * any per-sample gradient: one batched forward and backward pass of {@code Σ_i f(x_i)} per chunk
 * of samples gives, for every parameterised operation, its per-token inputs and back-propagated
 * signals, and the kernel is a sum of per-operation Gram matrices (samples are independent: no
 * batch statistics, padding masked). See {@link EncoderNtk} for the formulas and the error of the
 * sketch.
 *
 * <p>Signals are captured by adding a zero leaf {@code z} (a stride-0 expanded zero, so it costs
 * no memory) to each selected operation's output through {@link BertEncoder.Probe}; after the
 * backward pass {@code z}'s gradient is {@code Δ = ∂(Σ_i f(x_i))/∂output}. Parameters have
 * {@code requiresGradient} switched off during the pass (restored afterwards), so the backward
 * pass computes activation gradients only. Signals at padding positions are exactly zero (the
 * mask gives padded keys zero attention and zero pooling weight) and are multiplied by the mask
 * as well.
 */
final class LayerGramNtk {

    /** What a probe point is. */
    enum Kind { EMBEDDINGS, LINEAR, LAYER_NORM }

    private static final String WORD = "embeddings.word_embeddings.weight";
    private static final String POSITION = "embeddings.position_embeddings.weight";
    private static final String TYPE = "embeddings.token_type_embeddings.weight";

    private final ScalarHeadModel model;
    private final BertEncoder encoder;
    private final Tokenized batch;
    private final Predicate<String> selection;
    private final EmpiricalNtk.Mode mode;
    private final int sketchDim;
    private final long budget;
    private final double widthNorm;
    private final long seed;
    private final EmpiricalNtk.ProgressListener listener;
    private final int threads;
    private final Map<String, Integer> paramIndex = new HashMap<>();
    private final NDArray headW;
    private final NDArray headB;
    /** Samples per batched forward pass; 0 = choose from the budget. */
    private final int chunkOverride;
    /**
     * Gram of linear weights: {@link #AUTO} per weight the cheaper of the two, {@link #TOKEN_GRAM}
     * always token Grams, {@link #GRADIENTS} always per-sample weight gradients.
     */
    private final int strategy;

    static final int AUTO = 0;
    static final int TOKEN_GRAM = 1;
    static final int GRADIENTS = 2;

    /**
     * Multiply-add equivalents per token pair charged to the token Gram for its elementwise
     * product and reduction (memory-bound work on the {@code [tok_x, tok_y]} Grams).
     */
    static final double ELEMENTWISE_COST = 64;

    /**
     * Columns of one block of per-sample weight gradients: 2^14 to 2^17 ran alike (2^12 a third
     * slower); 2^14 keeps the float32 sums short (2^15 doubled the distance to a float64 Gram,
     * to 3.6e-6) and a block of N = 100 gradients at 6.6 MB.
     */
    static final long GRADIENT_BLOCK = 1L << 14;

    private long forwardSamples;
    private long plannedSamples;
    private org.ftlab.util.Progress line;

    LayerGramNtk(ScalarHeadModel model, Tokenized batch, EmpiricalNtk settings, int chunk,
            int strategy) {
        this.model = model;
        this.encoder = model.encoder();
        this.batch = batch;
        this.selection = settings.selection;
        this.mode = settings.mode;
        this.sketchDim = settings.sketchDim;
        this.budget = settings.budget;
        this.widthNorm = settings.widthNorm;
        this.seed = settings.seed;
        this.listener = settings.progress;
        this.threads = settings.threads;
        this.chunkOverride = chunk;
        this.strategy = strategy;
        List<NamedParameter> ps = model.parameters();
        NDArray w = null;
        NDArray b = null;
        for (int i = 0; i < ps.size(); i++) {
            paramIndex.put(ps.get(i).name(), i);
            if (ps.get(i).name().equals(ScalarHeadModel.HEAD_WEIGHT)) {
                w = ps.get(i).array();
            } else if (ps.get(i).name().equals(ScalarHeadModel.HEAD_BIAS)) {
                b = ps.get(i).array();
            }
        }
        this.headW = w;
        this.headB = b;
        if (mode == EmpiricalNtk.Mode.SKETCH && sketchDim < 2) {
            throw new IllegalArgumentException("sketchDim: " + sketchDim
                    + ", expected >= 2 (the error estimate needs two sketch columns)");
        }
    }

    NtkResult compute() {
        return Autograd.withIntraOpThreads(threads, this::run);
    }

    // ---------------------------------------------------------------- one chunk of samples

    /** Per-sample data of one probe point for one chunk. */
    static final class Tap {
        final Kind kind;
        final String w;
        final String b;
        final boolean wSel;
        final boolean bSel;
        NDArray input; // LINEAR weight: [n, t, in]
        NDArray z; // leaf during the pass
        NDArray delta; // LINEAR weight, EMBEDDINGS: [n, t, out]
        NDArray xhat; // LAYER_NORM during the pass
        NDArray gw; // LAYER_NORM gain: [n, d]
        NDArray gb; // LINEAR / LAYER_NORM bias: [n, out]

        Tap(Kind kind, String w, String b, boolean wSel, boolean bSel) {
            this.kind = kind;
            this.w = w;
            this.b = b;
            this.wSel = wSel;
            this.bSel = bSel;
        }
    }

    /** Signals of a chunk of samples, padded to the chunk's longest real length {@code t}. */
    final class Chunk implements AutoCloseable {
        final int[] idx;
        final int n;
        final int t;
        final NDManager m;
        final long[] ids;
        final long[] types;
        final List<Tap> taps = new ArrayList<>();
        NDArray pooled; // [n, d]
        NDArray idsArr; // [n*t] int64
        NDArray typesArr;
        NDArray posArr;

        Chunk(int[] idx, NDManager parent) {
            this.idx = idx;
            this.n = idx.length;
            int tt = 1;
            for (int i : idx) {
                tt = Math.max(tt, batch.realLength(i));
            }
            this.t = tt;
            this.m = parent.newSubManager();
            ids = new long[n * t];
            types = new long[n * t];
            long[] pos = new long[n * t];
            for (int r = 0; r < n; r++) {
                System.arraycopy(batch.ids()[idx[r]], 0, ids, r * t, t);
                System.arraycopy(batch.typeIds()[idx[r]], 0, types, r * t, t);
                for (int s = 0; s < t; s++) {
                    pos[r * t + s] = s;
                }
            }
            idsArr = m.create(ids, new Shape((long) n * t));
            typesArr = m.create(types, new Shape((long) n * t));
            posArr = m.create(pos, new Shape((long) n * t));
        }

        /** Bytes of native arrays this chunk keeps. */
        long bytes() {
            long s = 0;
            IdentityHashMap<NDArray, Boolean> seen = new IdentityHashMap<>();
            for (Tap tap : taps) {
                for (NDArray a : new NDArray[] {tap.input, tap.delta, tap.gw, tap.gb}) {
                    if (a != null && seen.put(a, Boolean.TRUE) == null) {
                        s += a.size() * 4;
                    }
                }
            }
            return s + pooled.size() * 4 + 3L * n * t * 8;
        }

        @Override
        public void close() {
            m.close();
        }
    }

    /** Runs the probed forward and backward pass of {@code Σ_i f(x_i)} over one chunk. */
    private Chunk forward(int[] idx, NDManager parent) {
        org.ftlab.util.Progress.checkInterrupted("empirical NTK (per-layer Gram)");
        Chunk c = new Chunk(idx, parent);
        int n = c.n;
        int t = c.t;
        long[] mask = new long[n * t];
        for (int r = 0; r < n; r++) {
            System.arraycopy(batch.mask()[idx[r]], 0, mask, r * t, t);
        }
        try (NDManager fm = c.m.newSubManager()) {
            NDArray idsA = fm.create(c.ids, new Shape(n, t));
            NDArray maskA = fm.create(mask, new Shape(n, t));
            NDArray typesA = fm.create(c.types, new Shape(n, t));
            float eps = (float) encoder.layerNormEps();
            BertEncoder.Probe probe = new BertEncoder.Probe() {
                @Override
                public NDArray embeddings(NDArray ids, NDArray typeIds, NDArray sum) {
                    boolean any = selection.test(WORD) || selection.test(POSITION)
                            || selection.test(TYPE);
                    if (!any) {
                        return sum;
                    }
                    return tap(new Tap(Kind.EMBEDDINGS, WORD, null, true, false), null, sum);
                }

                @Override
                public NDArray linear(String weight, String bias, NDArray input, NDArray output) {
                    boolean ws = selection.test(weight);
                    boolean bs = selection.test(bias);
                    if (!ws && !bs) {
                        return output;
                    }
                    return tap(new Tap(Kind.LINEAR, weight, bias, ws, bs), input, output);
                }

                @Override
                public NDArray layerNorm(String gain, String bias, NDArray input, NDArray output) {
                    boolean ws = selection.test(gain);
                    boolean bs = selection.test(bias);
                    if (!ws && !bs) {
                        return output;
                    }
                    Tap tp = new Tap(Kind.LAYER_NORM, gain, bias, ws, bs);
                    if (ws) {
                        tp.xhat = Autograd.noGrad(() -> {
                            NDArray xc = input.sub(input.mean(new int[] {2}, true));
                            NDArray var = xc.square().mean(new int[] {2}, true);
                            return xc.div(var.add(eps).sqrt());
                        });
                    }
                    return tap(tp, null, output);
                }

                private NDArray tap(Tap tp, NDArray input, NDArray output) {
                    NDArray z = fm.zeros(new Shape(1, 1, 1), output.getDataType())
                            .broadcast(output.getShape());
                    z.setRequiresGradient(true);
                    tp.z = z;
                    tp.input = input;
                    c.taps.add(tp);
                    return output.add(z);
                }
            };
            List<NamedParameter> switchedOff = new ArrayList<>();
            try {
                for (NamedParameter p : model.parameters()) {
                    if (p.array().hasGradient()) {
                        p.array().setRequiresGradient(false);
                        switchedOff.add(p);
                    }
                }
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray hidden = encoder.forward(idsA, maskA, typesA, probe);
                    NDArray pooled = encoder.pool(hidden, maskA);
                    if (!c.taps.isEmpty()) {
                        NDArray f = pooled.matMul(headW).add(headB);
                        gc.backward(f.sum());
                    }
                    c.pooled = pooled.stopGradient();
                    c.pooled.attach(c.m);
                }
            } finally {
                for (NamedParameter p : switchedOff) {
                    p.array().setRequiresGradient(true);
                }
            }
            Autograd.noGrad(() -> {
                NDArray m3 = maskA.toType(DataType.FLOAT32, false).expandDims(2);
                IdentityHashMap<NDArray, NDArray> detached = new IdentityHashMap<>();
                for (Tap tp : c.taps) {
                    NDArray d = tp.z.getGradient().mul(m3);
                    tp.z = null;
                    switch (tp.kind) {
                        case EMBEDDINGS:
                            tp.delta = keep(d, c.m);
                            break;
                        case LINEAR:
                            if (tp.wSel) {
                                tp.delta = keep(d, c.m);
                                NDArray in = tp.input;
                                tp.input = detached.computeIfAbsent(in, a -> keep(a, c.m));
                            } else {
                                tp.input = null;
                            }
                            if (tp.bSel) {
                                tp.gb = keep(d.sum(new int[] {1}), c.m);
                            }
                            break;
                        default: // LAYER_NORM
                            if (tp.wSel) {
                                tp.gw = keep(d.mul(tp.xhat).sum(new int[] {1}), c.m);
                            }
                            tp.xhat = null;
                            if (tp.bSel) {
                                tp.gb = keep(d.sum(new int[] {1}), c.m);
                            }
                            break;
                    }
                }
            });
        }
        forwardSamples += n;
        if (listener != null) {
            listener.onProgress(forwardSamples, Math.max(plannedSamples, forwardSamples));
        } else if (line != null) {
            line.advance(n);
        }
        return c;
    }

    /** A detached (autograd-free) alias of {@code a} owned by {@code m}. */
    private static NDArray keep(NDArray a, NDManager m) {
        NDArray d = a.stopGradient();
        d.attach(m);
        return d;
    }

    // ---------------------------------------------------------------- exact

    private final class Exact {
        final double[][] k;
        final double scale;
        final long scratch;
        boolean[] matTaps;

        Exact(int n) {
            k = new double[n][n];
            scale = 1.0 / (n * widthNorm);
            scratch = Math.max(16L << 20, budget / 8);
        }

        /** Adds the Gram block of chunks {@code x} and {@code y} (possibly the same) to K. */
        void gram(Chunk x, Chunk y) {
            org.ftlab.util.Progress.checkInterrupted("empirical NTK (per-layer Gram)");
            boolean same = x == y;
            double[] blk = new double[x.n * y.n];
            try (NDScope g = new NDScope()) { // frees every temporary of this block
                for (int p = 0; p < x.taps.size(); p++) {
                    Tap a = x.taps.get(p);
                    Tap b = y.taps.get(p);
                    switch (a.kind) {
                        case LINEAR:
                            if (a.wSel && (matTaps == null || !matTaps[p])) {
                                linearWeight(x, y, a, b, same, blk);
                            }
                            if (a.bSel) {
                                add(blk, a.gb.matMul(b.gb.transpose()));
                            }
                            break;
                        case LAYER_NORM:
                            if (a.wSel) {
                                add(blk, a.gw.matMul(b.gw.transpose()));
                            }
                            if (a.bSel) {
                                add(blk, a.gb.matMul(b.gb.transpose()));
                            }
                            break;
                        default:
                            embeddings(x, y, a, b, blk);
                            break;
                    }
                }
                if (selection.test(ScalarHeadModel.HEAD_WEIGHT)) {
                    add(blk, x.pooled.matMul(y.pooled.transpose()));
                }
            }
            boolean headBias = selection.test(ScalarHeadModel.HEAD_BIAS);
            for (int i = 0; i < x.n; i++) {
                for (int j = 0; j < y.n; j++) {
                    double v = (blk[i * y.n + j] + (headBias ? 1.0 : 0.0)) * scale;
                    int r = x.idx[i];
                    int c = y.idx[j];
                    if (same && j < i) {
                        continue; // upper triangle of a diagonal block: K exactly symmetric
                    }
                    accumulate(r, c, v);
                }
            }
        }

        /** Adds {@code v} to {@code K(r, c)} and, off the diagonal, to {@code K(c, r)}. */
        void accumulate(int r, int c, double v) {
            k[r][c] += v;
            if (r != c) {
                k[c][r] += v;
            }
        }

        /**
         * All Gram blocks between two groups of chunks ({@code ys == xs}: within one group). For
         * each linear weight the cheaper (in multiply-adds) of (a) token Grams chunk pair by chunk
         * pair, {@code Σ pairs (n_x t_x)(n_y t_y)(in + out + c)} with {@code c} for the
         * elementwise product and reduction of the two {@code [n_x t_x, n_y t_y]} Grams, and (b)
         * the per-sample gradients of that weight, {@code (tok_x + tok_y) in·out} to form them and
         * {@code N_x N_y in·out} to multiply them ({@link #perSampleBlocks}).
         */
        void groups(List<Chunk> xs, List<Chunk> ys) {
            boolean same = xs == ys;
            int nt = xs.get(0).taps.size();
            boolean[] mat = new boolean[nt];
            long nx = 0;
            long tokX = 0;
            for (Chunk c : xs) {
                nx += c.n;
                tokX += (long) c.n * c.t;
            }
            long ny = 0;
            long tokY = 0;
            for (Chunk c : ys) {
                ny += c.n;
                tokY += (long) c.n * c.t;
            }
            double pairTokens = 0;
            for (int a = 0; a < xs.size(); a++) {
                for (int b = same ? a : 0; b < ys.size(); b++) {
                    pairTokens += (double) xs.get(a).n * xs.get(a).t * ys.get(b).n * ys.get(b).t;
                }
            }
            for (int p = 0; p < nt; p++) {
                Tap t0 = xs.get(0).taps.get(p);
                if (t0.kind != Kind.LINEAR || !t0.wSel) {
                    continue;
                }
                double in = t0.input.getShape().get(2);
                double out = t0.delta.getShape().get(2);
                double tokCost = pairTokens * (in + out + ELEMENTWISE_COST);
                double matCost = (tokX + (same ? 0 : tokY)) * in * out + (double) nx * ny * in * out;
                mat[p] = strategy == GRADIENTS || (strategy == AUTO && matCost < tokCost);
            }
            matTaps = mat;
            try {
                for (int a = 0; a < xs.size(); a++) {
                    for (int b = same ? a : 0; b < ys.size(); b++) {
                        gram(xs.get(a), ys.get(b));
                    }
                }
            } finally {
                matTaps = null;
            }
            for (int p = 0; p < nt; p++) {
                if (mat[p]) {
                    perSampleBlocks(xs, ys, same, p, (int) nx, (int) ny);
                }
            }
        }

        /**
         * {@code <G_i, G_j>} of linear weight {@code p} from the per-sample gradients
         * {@code G_i = Δ_i^T A_i} ({@code [out, in]}), one block of output rows at a time: the
         * signals of all chunks of a group are zero-padded to a common length and stacked, one
         * batched matmul gives the block of every sample's gradient ({@code [N, ob·in]}), and
         * one float32 matmul multiplies it by the other group's (within a group by itself: a
         * symmetric product split into row blocks was not faster); block products are summed in
         * double. A block has at most {@link #GRADIENT_BLOCK} columns and fits the scratch
         * budget; it is freed before the next.
         */
        private void perSampleBlocks(List<Chunk> xs, List<Chunk> ys, boolean same, int p,
                int nx, int ny) {
            Tap t0 = xs.get(0).taps.get(p);
            long in = t0.input.getShape().get(2);
            long out = t0.delta.getShape().get(2);
            long rowBytes = (nx + (same ? 0 : ny)) * in * 4L;
            long ob = Math.max(1, Math.min(out,
                    Math.min(scratch / rowBytes, GRADIENT_BLOCK / in)));
            double[] blk = new double[nx * ny];
            try (NDScope sc = new NDScope()) {
                NDArray[] ax = stackedInputs(xs, p);
                NDArray[] ay = same ? ax : stackedInputs(ys, p);
                for (long o0 = 0; o0 < out; o0 += ob) {
                    long o1 = Math.min(out, o0 + ob);
                    try (NDScope blockScope = new NDScope()) {
                        NDArray gx = gradients(ax, o0, o1, out);
                        NDArray gy = same ? gx : gradients(ay, o0, o1, out);
                        float[] v = gx.matMul(gy.transpose()).toFloatArray();
                        for (int i = 0; i < v.length; i++) {
                            blk[i] += v[i];
                        }
                    }
                }
            }
            int[] ix = positions(xs);
            int[] iy = same ? ix : positions(ys);
            for (int i = 0; i < nx; i++) {
                for (int j = same ? i : 0; j < ny; j++) {
                    accumulate(ix[i], iy[j], blk[i * ny + j] * scale);
                }
            }
        }

        /**
         * The signals of linear weight {@code p} of all chunks of a group, zero-padded to the
         * longest chunk and stacked: {@code {Δ^T [N, out, t], A [N, t, in]}} (no copy for one
         * chunk; zero padding rows add nothing to {@code Δ^T A}).
         */
        private NDArray[] stackedInputs(List<Chunk> cs, int p) {
            if (cs.size() == 1) {
                Tap t = cs.get(0).taps.get(p);
                return new NDArray[] {t.delta.transpose(0, 2, 1), t.input};
            }
            int tMax = 0;
            for (Chunk c : cs) {
                tMax = Math.max(tMax, c.t);
            }
            ai.djl.ndarray.NDList ds = new ai.djl.ndarray.NDList();
            ai.djl.ndarray.NDList as = new ai.djl.ndarray.NDList();
            for (Chunk c : cs) {
                Tap t = c.taps.get(p);
                ds.add(padTokens(t.delta, tMax));
                as.add(padTokens(t.input, tMax));
            }
            return new NDArray[] {ai.djl.ndarray.NDArrays.concat(ds).transpose(0, 2, 1),
                ai.djl.ndarray.NDArrays.concat(as)};
        }

        /** {@code [n, t, d]} zero-padded to {@code [n, tMax, d]}. */
        private NDArray padTokens(NDArray a, int tMax) {
            Shape s = a.getShape();
            if (s.get(1) == tMax) {
                return a;
            }
            NDArray z = a.getManager().zeros(new Shape(s.get(0), tMax - s.get(1), s.get(2)),
                    a.getDataType());
            return a.concat(z, 1);
        }

        /**
         * Rows {@code o0..o1-1} of every sample's gradient, {@code Δ^T[:, o0:o1, :] A} by one
         * batched matmul: {@code [N, (o1-o0)·in]}.
         */
        private NDArray gradients(NDArray[] da, long o0, long o1, long out) {
            NDArray d = o0 == 0 && o1 == out ? da[0] : da[0].get(":, " + o0 + ":" + o1 + ", :");
            return d.matMul(da[1]).reshape(da[1].getShape().get(0), -1);
        }

        private int[] positions(List<Chunk> cs) {
            int total = 0;
            for (Chunk c : cs) {
                total += c.n;
            }
            int[] r = new int[total];
            int o = 0;
            for (Chunk c : cs) {
                System.arraycopy(c.idx, 0, r, o, c.n);
                o += c.n;
            }
            return r;
        }

        /**
         * {@code <G_i, G_j>} of a linear weight, {@code G_i = Σ_t δ_it a_it^T}, as the token Gram
         * {@code Σ_{t,s} (a_it·a_js)(δ_it·δ_js)} of one chunk pair.
         */
        void linearWeight(Chunk x, Chunk y, Tap a, Tap b, boolean same, double[] blk) {
            tokenGram(x, y, a.input, b.input, a.delta, b.delta, null, blk);
        }

        /**
         * {@code Σ_{t,s} (A_it·A_js)(D_it·D_js) M_{it,js}} for all sample pairs, in row blocks
         * that keep each {@code [rows, tokY]} temporary under the scratch budget; {@code
         * aX == null} means no activation factor (embeddings), {@code mask} (or null) is a
         * function of the row block returning the {@code [rows, tokY]} index-equality weights.
         */
        void tokenGram(Chunk x, Chunk y, NDArray aX, NDArray aY, NDArray dX, NDArray dY,
                java.util.function.BiFunction<Integer, Integer, NDArray> mask, double[] blk) {
            long tokY = (long) y.n * y.t;
            int rowsPerSample = x.t;
            long perSampleBytes = (long) rowsPerSample * tokY * 4 * 4;
            int step = (int) Math.max(1, Math.min(x.n, scratch / Math.max(1, perSampleBytes)));
            NDArray ay = aY == null ? null : aY.reshape(tokY, -1).transpose();
            NDArray dy = dY.reshape(tokY, -1).transpose();
            for (int s0 = 0; s0 < x.n; s0 += step) {
                int s1 = Math.min(x.n, s0 + step);
                try (NDScope sub = new NDScope()) {
                    NDArray dx = dX.get(s0 + ":" + s1).reshape((long) (s1 - s0) * x.t, -1);
                    NDArray prod = dx.matMul(dy);
                    if (aX != null) {
                        NDArray ax = aX.get(s0 + ":" + s1).reshape((long) (s1 - s0) * x.t, -1);
                        prod = prod.mul(ax.matMul(ay));
                    }
                    if (mask != null) {
                        prod = prod.mul(mask.apply(s0, s1));
                    }
                    NDArray r = prod.reshape(s1 - s0, x.t, y.n, y.t).sum(new int[] {1, 3});
                    float[] v = r.toFloatArray();
                    for (int i = 0; i < v.length; i++) {
                        blk[s0 * y.n + i] += v[i];
                    }
                }
            }
        }

        /**
         * Word, position and token-type tables: {@code <g_i, g_j> = Σ_{t,s} [idx_it = idx_js]
         * δ_it·δ_js} with {@code idx} the token id, position or type id, all three with the same
         * signal {@code δ} (they are added before the embedding LayerNorm).
         */
        void embeddings(Chunk x, Chunk y, Tap a, Tap b, double[] blk) {
            boolean w = selection.test(WORD);
            boolean p = selection.test(POSITION);
            boolean ty = selection.test(TYPE);
            tokenGram(x, y, null, null, a.delta, b.delta, (s0, s1) -> {
                long r0 = (long) s0 * x.t;
                long r1 = (long) s1 * x.t;
                NDArray mk = null;
                if (w) {
                    mk = eq(x.idsArr, y.idsArr, r0, r1);
                }
                if (p) {
                    NDArray e = eq(x.posArr, y.posArr, r0, r1);
                    mk = mk == null ? e : mk.add(e);
                }
                if (ty) {
                    NDArray e = eq(x.typesArr, y.typesArr, r0, r1);
                    mk = mk == null ? e : mk.add(e);
                }
                return mk;
            }, blk);
        }
    }

    /** {@code [r1-r0, tokY]} float 0/1: {@code ax[r] == ay[c]}. */
    private static NDArray eq(NDArray ax, NDArray ay, long r0, long r1) {
        return ax.get(r0 + ":" + r1).reshape(-1, 1).eq(ay.reshape(1, -1))
                .toType(DataType.FLOAT32, false);
    }

    private static void add(double[] blk, NDArray a) {
        float[] v = a.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            blk[i] += v[i];
        }
        a.close();
    }

    // ---------------------------------------------------------------- driver

    /** Samples by decreasing real length, so each chunk pads little. */
    private int[] order() {
        int n = batch.batchSize();
        Integer[] o = new Integer[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        Arrays.sort(o, (a, b) -> Integer.compare(batch.realLength(b), batch.realLength(a)));
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = o[i];
        }
        return r;
    }

    /** Samples per batched forward pass: its temporaries about a quarter of the budget. */
    private int chunkSize(int tMax) {
        if (chunkOverride > 0) {
            return chunkOverride;
        }
        long d = encoder.hiddenSize();
        long ffn = 4 * d;
        long perToken = 4L * encoder.numLayers()
                * (16 * d + 4 * ffn + 4L * encoder.numHeads() * tMax);
        long c = (budget / 4) / Math.max(1, perToken * tMax);
        return (int) Math.max(1, Math.min(batch.batchSize(), c));
    }

    private NtkResult run() {
        long start = System.nanoTime();
        int n = batch.batchSize();
        long p = model.count(selection);
        if (p == 0) {
            throw new IllegalArgumentException("parameters: the selection matches no parameter");
        }
        int[] order = order();
        int c = chunkSize(batch.realLength(order[0]));
        List<int[]> chunks = new ArrayList<>();
        for (int s = 0; s < n; s += c) {
            chunks.add(Arrays.copyOfRange(order, s, Math.min(n, s + c)));
        }
        plannedSamples = n;
        if (listener == null) {
            line = org.ftlab.util.Progress.start("empirical NTK (" + mode.name().toLowerCase(
                    java.util.Locale.ROOT) + ", per-layer Gram): samples through forward+backward",
                    n);
        }
        try (NDManager work = NDManager.newBaseManager()) {
            return mode == EmpiricalNtk.Mode.EXACT
                    ? exact(work, chunks, p, start) : sketch(work, chunks, p, start);
        } finally {
            if (line != null) {
                line.close();
            }
        }
    }

    private NtkResult exact(NDManager work, List<int[]> chunks, long p, long start) {
        int n = batch.batchSize();
        Exact ex = new Exact(n);
        long hold = budget - ex.scratch;
        long peak = 0;
        int i = 0;
        while (i < chunks.size()) {
            List<Chunk> group = new ArrayList<>();
            long held = 0;
            long last = 0;
            try {
                while (i < chunks.size() && (group.isEmpty() || held + last <= hold)) {
                    Chunk ch = forward(chunks.get(i), work);
                    group.add(ch);
                    last = ch.bytes();
                    held += last;
                    i++;
                }
                ex.groups(group, group);
                peak = Math.max(peak, held + ex.scratch);
                if (i < chunks.size()) {
                    int remaining = 0;
                    for (int u = i; u < chunks.size(); u++) {
                        remaining += chunks.get(u).length;
                    }
                    plannedSamples += remaining;
                }
                for (int u = i; u < chunks.size(); u++) {
                    try (Chunk ch = forward(chunks.get(u), work)) {
                        peak = Math.max(peak, held + ch.bytes() + ex.scratch);
                        ex.groups(group, List.of(ch));
                    }
                }
            } finally {
                for (Chunk g : group) {
                    g.close();
                }
            }
        }
        double trace = 0;
        for (int r = 0; r < n; r++) {
            trace += ex.k[r][r];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new NtkResult(ex.k, p, EmpiricalNtk.Mode.EXACT, 0, widthNorm, seconds, peak,
                forwardSamples, Double.NaN, trace);
    }

    // ---------------------------------------------------------------- sketch

    /**
     * Rows {@code rows[r]} of a Rademacher matrix with {@code d} columns, each row a function of
     * {@code (seed, tag, row)} only, so every chunk sees the same matrix.
     */
    static float[] rademacherRows(long seed, long tag, long[] rows, int d) {
        float[] out = new float[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            long h = seed * 0x9E3779B97F4A7C15L + (tag + 1) * 0xC2B2AE3D27D4EB4FL
                    + (rows[r] + 1) * 0x165667B19E3779F9L;
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            SplittableRandom rnd = new SplittableRandom(h);
            int i = 0;
            while (i < d) {
                long bits = rnd.nextLong();
                int end = Math.min(d, i + 64);
                for (; i < end; i++) {
                    out[r * d + i] = 1f - 2f * (bits & 1L);
                    bits >>>= 1;
                }
            }
        }
        return out;
    }

    private static long[] range(long count) {
        long[] r = new long[(int) count];
        for (int i = 0; i < r.length; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Rademacher matrix {@code [rows, d]} for (parameter, factor). */
    private NDArray sketchMatrix(NDManager m, String param, int factor, long rows) {
        long tag = 4L * paramIndex.get(param) + factor;
        return m.create(rademacherRows(seed, tag, range(rows), sketchDim),
                new Shape(rows, sketchDim));
    }

    private NtkResult sketch(NDManager work, List<int[]> chunks, long p, long start) {
        int n = batch.batchSize();
        int d = sketchDim;
        double[][] z = new double[n][d];
        double[] diag = new double[n];
        long peak = 0;
        for (int[] idx : chunks) {
            try (Chunk ch = forward(idx, work); NDScope scope = new NDScope()) {
                NDManager s = ch.m;
                peak = Math.max(peak, ch.bytes());
                float[] zc = new float[ch.n * d];
                double[] dg = new double[ch.n];
                for (Tap tp : ch.taps) {
                    sketchTap(ch, tp, s, zc, dg);
                }
                if (selection.test(ScalarHeadModel.HEAD_WEIGHT)) {
                    addTo(zc, ch.pooled.matMul(sketchMatrix(s, ScalarHeadModel.HEAD_WEIGHT, 0,
                            ch.pooled.getShape().get(1))));
                    addTo(dg, ch.pooled.square().sum(new int[] {1}));
                }
                boolean hb = selection.test(ScalarHeadModel.HEAD_BIAS);
                float[] s0 = hb ? rademacherRows(seed, 4L * paramIndex.get(
                        ScalarHeadModel.HEAD_BIAS), new long[] {0}, d) : null;
                for (int r = 0; r < ch.n; r++) {
                    int row = ch.idx[r];
                    for (int q = 0; q < d; q++) {
                        z[row][q] = zc[r * d + q] + (hb ? s0[q] : 0f);
                    }
                    diag[row] = dg[r] + (hb ? 1 : 0);
                }
            }
        }
        double scale = 1.0 / (n * widthNorm);
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = 0;
                for (int q = 0; q < d; q++) {
                    v += z[i][q] * z[j][q];
                }
                k[i][j] = v * scale / d;
                k[j][i] = k[i][j];
            }
        }
        // per-column estimates X_q = scale z_q z_q^T are i.i.d. with mean K:
        // E||K^ - K||_F^2 is estimated without bias by (Σ_q ||X_q||_F^2 - D ||K^||_F^2)/(D(D-1))
        double sumX2 = 0;
        for (int q = 0; q < d; q++) {
            double c2 = 0;
            for (int i = 0; i < n; i++) {
                c2 += z[i][q] * z[i][q];
            }
            sumX2 += (c2 * scale) * (c2 * scale);
        }
        double fro2Hat = 0;
        for (double[] row : k) {
            for (double v : row) {
                fro2Hat += v * v;
            }
        }
        double mse = Math.max(0, (sumX2 - d * fro2Hat) / ((double) d * (d - 1)));
        double fro2 = fro2Hat - mse > 0 ? fro2Hat - mse : fro2Hat;
        double trace = 0;
        for (double v : diag) {
            trace += v * scale;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new NtkResult(k, p, EmpiricalNtk.Mode.SKETCH, d, widthNorm, seconds,
                peak + (long) n * d * 8, forwardSamples, Math.sqrt(mse / fro2), trace);
    }

    /**
     * Adds one probe point's sketch columns {@code <g_i, u_q v_q^T>} (Kronecker-structured
     * Rademacher directions for matrices, plain ones for vectors) and its exact squared norm
     * {@code ||g_i||²} to the chunk's rows.
     */
    private void sketchTap(Chunk ch, Tap tp, NDManager s, float[] zc, double[] dg) {
        int n = ch.n;
        int t = ch.t;
        switch (tp.kind) {
            case LINEAR: {
                if (tp.wSel) {
                    long in = tp.input.getShape().get(2);
                    long out = tp.delta.getShape().get(2);
                    NDArray du = tp.delta.matMul(sketchMatrix(s, tp.w, 0, out));
                    NDArray av = tp.input.matMul(sketchMatrix(s, tp.w, 1, in));
                    addTo(zc, du.mul(av).sum(new int[] {1}));
                    NDArray aa = tp.input.matMul(tp.input.transpose(0, 2, 1));
                    NDArray dd = tp.delta.matMul(tp.delta.transpose(0, 2, 1));
                    addTo(dg, aa.mul(dd).sum(new int[] {1, 2}));
                }
                if (tp.bSel) {
                    vector(tp.gb, tp.b, s, zc, dg);
                }
                break;
            }
            case LAYER_NORM:
                if (tp.wSel) {
                    vector(tp.gw, tp.w, s, zc, dg);
                }
                if (tp.bSel) {
                    vector(tp.gb, tp.b, s, zc, dg);
                }
                break;
            default: {
                long dim = tp.delta.getShape().get(2);
                NDArray dd = tp.delta.matMul(tp.delta.transpose(0, 2, 1)); // [n, t, t]
                NDArray mk = null;
                String[] names = {WORD, POSITION, TYPE};
                long[][] index = {ch.ids, null, ch.types};
                for (int e = 0; e < 3; e++) {
                    if (!selection.test(names[e])) {
                        continue;
                    }
                    NDArray idx = e == 0 ? ch.idsArr : e == 1 ? ch.posArr : ch.typesArr;
                    NDArray id3 = idx.reshape(n, t);
                    NDArray eqm = id3.expandDims(2).eq(id3.expandDims(1))
                            .toType(DataType.FLOAT32, false);
                    mk = mk == null ? eqm : mk.add(eqm);
                    // u rows by table index, v over the hidden dimension
                    long[] rows = index[e] != null ? index[e] : range(t);
                    float[] u = rademacherRows(seed, 4L * paramIndex.get(names[e]), rows,
                            sketchDim);
                    NDArray uArr = s.create(u, e == 1 ? new Shape(1, t, sketchDim)
                            : new Shape(n, t, sketchDim));
                    NDArray dv = tp.delta.matMul(sketchMatrix(s, names[e], 1, dim));
                    addTo(zc, dv.mul(uArr).sum(new int[] {1}));
                }
                addTo(dg, dd.mul(mk).sum(new int[] {1, 2}));
                break;
            }
        }
    }

    private void vector(NDArray g, String name, NDManager s, float[] zc, double[] dg) {
        addTo(zc, g.matMul(sketchMatrix(s, name, 0, g.getShape().get(1))));
        addTo(dg, g.square().sum(new int[] {1}));
    }

    private static void addTo(float[] acc, NDArray a) {
        float[] v = a.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }

    private static void addTo(double[] acc, NDArray a) {
        float[] v = a.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }
}
