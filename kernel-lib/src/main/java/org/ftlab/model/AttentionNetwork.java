package org.ftlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The attention network of §3.2 of paper 1 (Sun &amp; Raskutti): {@code L} multi-head attention
 * layers (eq. 3-4), optionally wrapped into transformer blocks (eq. 67: residual connection and a
 * fully connected layer, post-LayerNorm as in eq. 68-70), mean pooling over the {@code T} tokens
 * and a linear readout to the scalar output {@code f^{L+1}(x)}.
 *
 * <p>Layer {@code l = 1..L} maps {@code g^{l-1} ∈ R^{T×d_in}} to
 *
 * <pre>
 *   a   = [f^{l1}, ..., f^{lH}] W^{l,O},  f^{lh} = ζ(c_s Q_h K_h^T) g^{l-1} W^{lh,V}   (eq. 3-4)
 *   z   = a (+ g^{l-1} if residual), then LayerNorm if enabled
 *   without MLP: g^l = φ(z)                                                       (§3.2)
 *   with MLP:    g^l = z (+) φ(z W^{l,1}) W^{l,2}, then LayerNorm if enabled         (eq. 67)
 * </pre>
 *
 * with {@code c_s = 1/d^{l,G}} ({@link Scaling#INVERSE_D}, the paper's scaling after Yang 2019) or
 * {@code 1/sqrt(d^{l,G})}. Per head {@code W^{lh,Q}, W^{lh,K} ∈ R^{d_in×d^G}}, {@code W^{lh,V} ∈
 * R^{d_in×d}}, and {@code W^{l,O} ∈ R^{Hd×d}}. The readout is {@code f^{L+1}(x) = <(1/T) Σ_t
 * g^L_t, w>}: the paper's output is scalar and its appendix applies "a pooling operation after the
 * attention layer" (B.3.2), so mean pooling followed by a linear head is the choice made here. No
 * positional encoding (footnote 1). The MLP has hidden width {@code 4d} and, like the attention
 * weights of eq. 3-4, no biases.
 *
 * <p>Initialisation (§3.2): {@code W^{lh,Q}_ij ~ N(0, σ_Q²/d_in)}, likewise K and V, {@code
 * W^{l,O}_ij ~ N(0, σ_O²/(H d))}, MLP and readout weights {@code N(0, σ²/fan_in)}, LayerNorm
 * {@code γ = 1, β = 0}. Draws come from one {@code java.util.Random(seed)} in a fixed order, so a
 * seed fixes the network. Under {@link Parameterization#NTK} (appendix B.2) the trainable array is
 * {@code w ~ N(0,1)} and the forward pass uses {@code W = σ/sqrt(fan_in) · w}; both
 * parameterizations consume the same draws, so they compute the same function at initialisation
 * and differ only in their gradients. LayerNorm parameters are not rescaled.
 *
 * <p>Parameter names: {@code embedding.W}, {@code block<l>.attention.WQ|WK|WV|WO}, {@code
 * block<l>.norm1.gamma|beta}, {@code block<l>.mlp.W1|W2}, {@code block<l>.norm2.gamma|beta},
 * {@code head.w}, with {@code l = 1..L}.
 *
 * <p>Owns an {@code NDManager}; {@link #close()} frees the parameters.
 */
public final class AttentionNetwork implements DifferentiableModel, AutoCloseable {

    /** Scaling of the attention scores {@code Q_h K_h^T}. */
    public enum Scaling {
        /** {@code 1/d^{l,G}}, the paper's choice (eq. 3, after Yang 2019). */
        INVERSE_D,
        /** {@code 1/sqrt(d^{l,G})}, the conventional transformer choice. */
        INVERSE_SQRT_D
    }

    /** Parameterization of the weights (appendix B.2 of paper 1). */
    public enum Parameterization {
        /** Trainable {@code W ~ N(0, σ²/fan_in)} (used in the paper's main text). */
        STANDARD,
        /** {@code W = σ/sqrt(fan_in) · w}, trainable {@code w ~ N(0, 1)}. */
        NTK
    }

    /** Activation {@code φ}. Assumption 4.6 asks for a Lipschitz derivative (not ReLU). */
    public enum Activation {
        /** {@code φ(x) = x}. */
        IDENTITY,
        /** {@code tanh}. */
        TANH,
        /** Exact (erf) GELU. */
        GELU,
        /** {@code max(x, 0)} (violates Assumption 4.6; for comparison only). */
        RELU
    }

    static final double LAYER_NORM_EPS = 1e-5;
    private static final int MLP_RATIO = 4;

    /** Fully resolved configuration. */
    record Config(
            int width,
            int heads,
            int layers,
            int seqLength,
            int inputDim,
            int headDim,
            Scaling scaling,
            boolean layerNorm,
            boolean residual,
            boolean mlp,
            boolean inputEmbedding,
            Activation activation,
            Parameterization parameterization,
            double sigmaQ,
            double sigmaK,
            double sigmaV,
            double sigmaO,
            double sigmaMlp,
            double sigmaOut,
            DataType dataType,
            long seed) {

        Config withLayersAndSeed(int newLayers, long newSeed) {
            return new Config(width, heads, newLayers, seqLength, inputDim, headDim, scaling,
                    layerNorm, residual, mlp, inputEmbedding, activation, parameterization,
                    sigmaQ, sigmaK, sigmaV, sigmaO, sigmaMlp, sigmaOut, dataType, newSeed);
        }

        int blockInputDim(int l) {
            return l == 1 && !inputEmbedding ? inputDim : width;
        }
    }

    private final Config cfg;
    private final NDManager manager;
    private final List<NamedParameter> parameters;
    private final Map<String, NDArray> byName;
    private final Map<String, Double> multipliers;

    private AttentionNetwork(Config cfg, Map<String, double[]> overrides) {
        this.cfg = cfg;
        this.manager = NDManager.newBaseManager();
        Random rnd = new Random(cfg.seed());
        List<NamedParameter> list = new ArrayList<>();
        Map<String, NDArray> map = new HashMap<>();
        Map<String, Double> mult = new HashMap<>();
        int d = cfg.width();
        try {
            if (cfg.inputEmbedding()) {
                gaussian(list, map, mult, rnd, overrides, "embedding.W",
                        new Shape(cfg.inputDim(), d), cfg.inputDim(), 1.0);
            }
            for (int l = 1; l <= cfg.layers(); l++) {
                int din = cfg.blockInputDim(l);
                String b = "block" + l + ".";
                int h = cfg.heads();
                gaussian(list, map, mult, rnd, overrides, b + "attention.WQ",
                        new Shape(h, din, cfg.headDim()), din, cfg.sigmaQ());
                gaussian(list, map, mult, rnd, overrides, b + "attention.WK",
                        new Shape(h, din, cfg.headDim()), din, cfg.sigmaK());
                gaussian(list, map, mult, rnd, overrides, b + "attention.WV",
                        new Shape(h, din, d), din, cfg.sigmaV());
                gaussian(list, map, mult, rnd, overrides, b + "attention.WO",
                        new Shape((long) h * d, d), h * d, cfg.sigmaO());
                if (cfg.layerNorm()) {
                    constant(list, map, mult, overrides, b + "norm1.gamma", d, 1.0);
                    constant(list, map, mult, overrides, b + "norm1.beta", d, 0.0);
                }
                if (cfg.mlp()) {
                    int hidden = MLP_RATIO * d;
                    gaussian(list, map, mult, rnd, overrides, b + "mlp.W1",
                            new Shape(d, hidden), d, cfg.sigmaMlp());
                    gaussian(list, map, mult, rnd, overrides, b + "mlp.W2",
                            new Shape(hidden, d), hidden, cfg.sigmaMlp());
                    if (cfg.layerNorm()) {
                        constant(list, map, mult, overrides, b + "norm2.gamma", d, 1.0);
                        constant(list, map, mult, overrides, b + "norm2.beta", d, 0.0);
                    }
                }
            }
            gaussian(list, map, mult, rnd, overrides, "head.w", new Shape(d), d, cfg.sigmaOut());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.parameters = Collections.unmodifiableList(list);
        this.byName = map;
        this.multipliers = mult;
    }

    private void gaussian(
            List<NamedParameter> list,
            Map<String, NDArray> map,
            Map<String, Double> mult,
            Random rnd,
            Map<String, double[]> overrides,
            String name,
            Shape shape,
            int fanIn,
            double sigma) {
        int size = Math.toIntExact(shape.size());
        double[] v = new double[size];
        boolean ntk = cfg.parameterization() == Parameterization.NTK;
        double c = sigma / Math.sqrt(fanIn);
        for (int i = 0; i < size; i++) {
            double z = rnd.nextGaussian(); // always drawn: keeps the stream aligned
            v[i] = ntk ? z : c * z;
        }
        add(list, map, mult, overrides, name, shape, v, ntk ? c : 1.0);
    }

    private void constant(
            List<NamedParameter> list,
            Map<String, NDArray> map,
            Map<String, Double> mult,
            Map<String, double[]> overrides,
            String name,
            int size,
            double value) {
        double[] v = new double[size];
        java.util.Arrays.fill(v, value);
        add(list, map, mult, overrides, name, new Shape(size), v, 1.0);
    }

    private void add(
            List<NamedParameter> list,
            Map<String, NDArray> map,
            Map<String, Double> mult,
            Map<String, double[]> overrides,
            String name,
            Shape shape,
            double[] values,
            double multiplier) {
        double[] v = overrides.getOrDefault(name, values);
        if (v.length != values.length) {
            throw new IllegalArgumentException(
                    "parameter " + name + ": " + v.length + " values for shape " + shape);
        }
        NDArray a = ArrayFactory.create(manager, v, shape, cfg.dataType());
        a.setRequiresGradient(true);
        list.add(new NamedParameter(name, a));
        map.put(name, a);
        mult.put(name, multiplier);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code f^{L+1}(x)} for a batch.
     *
     * @param x inputs {@code [N, T, d0]}; converted to the network's data type if needed
     * @return outputs {@code [N]}, attached to {@code x}'s manager
     */
    @Override
    public NDArray forward(NDArray x) {
        return readout(pooledFeatures(x));
    }

    /**
     * The backbone features {@code (1/T) Σ_t g^L_t(x)}, shape {@code [N, d]}: the input of the
     * linear head. Linear probing (Remark 5.1) is linear regression on these.
     *
     * @param x inputs {@code [N, T, d0]}
     * @return pooled features, attached to {@code x}'s manager
     */
    public NDArray pooledFeatures(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 3 || s.get(1) != cfg.seqLength() || s.get(2) != cfg.inputDim()) {
            throw new IllegalArgumentException(
                    "x: shape " + s + ", expected [N, " + cfg.seqLength() + ", "
                            + cfg.inputDim() + "]");
        }
        NDArray h = x.getDataType() == cfg.dataType() ? x : x.toType(cfg.dataType(), false);
        if (cfg.inputEmbedding()) {
            h = scaled(h.matMul(p("embedding.W")), "embedding.W");
        }
        for (int l = 1; l <= cfg.layers(); l++) {
            h = block(l, h);
        }
        return h.mean(new int[] {1});
    }

    private NDArray readout(NDArray pooled) {
        return scaled(pooled.matMul(p("head.w")), "head.w");
    }

    private NDArray block(int l, NDArray g) {
        String b = "block" + l + ".";
        double dg = cfg.headDim();
        double cs = cfg.scaling() == Scaling.INVERSE_D ? 1.0 / dg : 1.0 / Math.sqrt(dg);
        NDArray z =
                Attention.forward(
                        g,
                        p(b + "attention.WQ"),
                        p(b + "attention.WK"),
                        p(b + "attention.WV"),
                        p(b + "attention.WO"),
                        cs * m(b + "attention.WQ") * m(b + "attention.WK"),
                        m(b + "attention.WV") * m(b + "attention.WO"));
        if (cfg.residual()) {
            z = z.add(g);
        }
        if (cfg.layerNorm()) {
            z = layerNorm(z, p(b + "norm1.gamma"), p(b + "norm1.beta"));
        }
        if (!cfg.mlp()) {
            return activate(z);
        }
        NDArray u = scaled(activate(scaled(z.matMul(p(b + "mlp.W1")), b + "mlp.W1"))
                .matMul(p(b + "mlp.W2")), b + "mlp.W2");
        if (cfg.residual()) {
            u = u.add(z);
        }
        if (cfg.layerNorm()) {
            u = layerNorm(u, p(b + "norm2.gamma"), p(b + "norm2.beta"));
        }
        return u;
    }

    /** LayerNorm over the feature axis, eq. (68)-(70). */
    static NDArray layerNorm(NDArray z, NDArray gamma, NDArray beta) {
        NDArray centred = z.sub(z.mean(new int[] {2}, true));
        NDArray var = centred.square().mean(new int[] {2}, true);
        return centred.div(var.add(LAYER_NORM_EPS).sqrt()).mul(gamma).add(beta);
    }

    private NDArray activate(NDArray z) {
        switch (cfg.activation()) {
            case IDENTITY:
                return z;
            case TANH:
                return z.tanh();
            case GELU:
                return Autograd.mul(z.mul(Autograd.mul(z, 1.0 / Math.sqrt(2.0)).erf().add(1.0)), 0.5);
            case RELU:
                return Autograd.maximum(z, 0.0);
            default:
                throw new IllegalStateException(cfg.activation().toString());
        }
    }

    private NDArray scaled(NDArray a, String name) {
        double c = m(name);
        return c == 1.0 ? a : Autograd.mul(a, c);
    }

    private NDArray p(String name) {
        return byName.get(name);
    }

    private double m(String name) {
        return multipliers.get(name);
    }

    /**
     * NTK-parameterization multiplier {@code σ/sqrt(fan_in)} of a parameter (1 in standard
     * parameterization and for LayerNorm).
     */
    double multiplier(String name) {
        Double c = multipliers.get(name);
        if (c == null) {
            throw new IllegalArgumentException("name: no parameter " + name);
        }
        return c;
    }

    Config config() {
        return cfg;
    }

    /** {@inheritDoc} */
    @Override
    public List<NamedParameter> parameters() {
        return parameters;
    }

    /**
     * Total number of trainable scalars {@code |θ|}.
     *
     * @return the parameter count
     */
    public long parameterCount() {
        long n = 0;
        for (NamedParameter p : parameters) {
            n += p.size();
        }
        return n;
    }

    /**
     * An independent copy with the same configuration and current parameter values.
     *
     * @return a new network (close it separately)
     */
    public AttentionNetwork copy() {
        return new AttentionNetwork(cfg, currentValues(name -> true));
    }

    /**
     * The mixed initialisation of §5.1 (Theorem 2): the first {@code k} blocks of this (pretrained)
     * network as backbone, with their current weights, and a freshly drawn Gaussian linear head
     * {@code w ~ N(0, σ_out²/d)} on the mean-pooled output of block {@code k}. (The paper speaks of
     * both "the last k layers" and "the first k layer" of {@code f_PT}; the head here reads the
     * k-th block, i.e. the backbone is blocks 1..k.)
     *
     * @param k number of pretrained blocks kept, {@code 1 <= k <= layers}
     * @param headSeed seed of the new head's Gaussian draw
     * @return a new network with {@code k} blocks (close it separately)
     */
    public AttentionNetwork withNewHead(int k, long headSeed) {
        if (k < 1 || k > cfg.layers()) {
            throw new IllegalArgumentException(
                    "k: " + k + ", expected 1.." + cfg.layers() + " (number of blocks kept)");
        }
        Map<String, double[]> backbone = currentValues(name -> !name.startsWith("head."));
        return new AttentionNetwork(cfg.withLayersAndSeed(k, headSeed), backbone);
    }

    /**
     * Selects the linear head and the last {@code k} blocks, e.g. for a parameter-subset NTK.
     *
     * @param k number of trailing blocks, {@code 0 <= k <= layers}
     * @return a predicate on parameter names
     */
    public Predicate<String> headAndLastBlocks(int k) {
        if (k < 0 || k > cfg.layers()) {
            throw new IllegalArgumentException("k: " + k + ", expected 0.." + cfg.layers());
        }
        int first = cfg.layers() - k + 1;
        return name -> {
            if (name.startsWith("head.")) {
                return true;
            }
            if (!name.startsWith("block")) {
                return false;
            }
            int l = Integer.parseInt(name.substring(5, name.indexOf('.')));
            return l >= first;
        };
    }

    private Map<String, double[]> currentValues(Predicate<String> which) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (NamedParameter p : parameters) {
            if (which.test(p.name())) {
                values.put(p.name(), ArrayFactory.toDoubles(p.array()));
            }
        }
        return values;
    }

    /** @return embedding dimension {@code d} (= {@code d^l} for every layer, appendix B.2) */
    public int width() {
        return cfg.width();
    }

    /** @return number of heads {@code d^{l,H}} */
    public int heads() {
        return cfg.heads();
    }

    /** @return number of attention layers / blocks {@code L} */
    public int layers() {
        return cfg.layers();
    }

    /** @return {@code d^{l,G}}, the query/key dimension per head */
    public int headDim() {
        return cfg.headDim();
    }

    /** @return sequence length {@code T} */
    public int seqLength() {
        return cfg.seqLength();
    }

    /** @return input dimension {@code d^0} */
    public int inputDim() {
        return cfg.inputDim();
    }

    /** @return the data type of parameters and computations */
    public DataType dataType() {
        return cfg.dataType();
    }

    /** @return the parameterization */
    public Parameterization parameterization() {
        return cfg.parameterization();
    }

    /** Frees the parameters. */
    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "AttentionNetwork{L=" + cfg.layers() + ", d=" + cfg.width() + ", H=" + cfg.heads()
                + ", dG=" + cfg.headDim() + ", T=" + cfg.seqLength() + ", d0=" + cfg.inputDim()
                + ", " + cfg.parameterization() + ", " + cfg.scaling() + ", |θ|="
                + parameterCount() + "}";
    }

    /** Builder: required {@code setX}, optional {@code optX}, validation in {@link #build()}. */
    public static final class Builder {
        private int width = -1;
        private int heads = -1;
        private int layers = -1;
        private int seqLength = -1;
        private int inputDim = -1;
        private int headDim = -1;
        private Scaling scaling = Scaling.INVERSE_D;
        private boolean layerNorm;
        private boolean residual;
        private boolean mlp;
        private boolean inputEmbedding;
        private Activation activation = Activation.GELU;
        private Parameterization parameterization = Parameterization.STANDARD;
        private double sigmaQ = 1.0;
        private double sigmaK = 1.0;
        private double sigmaV = 1.0;
        private double sigmaO = 1.0;
        private double sigmaMlp = 1.0;
        private double sigmaOut = 1.0;
        private DataType dataType = DataType.FLOAT32;
        private long seed;

        private Builder() {}

        /**
         * @param width embedding dimension {@code d = d^l} (the width {@code n} of B.2)
         * @return this builder
         */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * @param heads number of heads {@code d^{l,H}}
         * @return this builder
         */
        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * @param layers number of attention layers / blocks {@code L}
         * @return this builder
         */
        public Builder setLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * @param seqLength sequence length {@code T}
         * @return this builder
         */
        public Builder setSeqLength(int seqLength) {
            this.seqLength = seqLength;
            return this;
        }

        /**
         * @param inputDim input dimension {@code d^0}
         * @return this builder
         */
        public Builder setInputDim(int inputDim) {
            this.inputDim = inputDim;
            return this;
        }

        /**
         * @param headDim {@code d^{l,G}}; default the width, as in appendix B.2
         * @return this builder
         */
        public Builder optHeadDim(int headDim) {
            this.headDim = headDim;
            return this;
        }

        /**
         * @param scaling score scaling; default {@link Scaling#INVERSE_D} (paper)
         * @return this builder
         */
        public Builder optScaling(Scaling scaling) {
            this.scaling = scaling;
            return this;
        }

        /**
         * @param layerNorm post-LayerNorm after attention and MLP (eq. 68-70); default off
         * @return this builder
         */
        public Builder optLayerNorm(boolean layerNorm) {
            this.layerNorm = layerNorm;
            return this;
        }

        /**
         * @param residual residual connections of eq. (67); default off
         * @return this builder
         */
        public Builder optResidual(boolean residual) {
            this.residual = residual;
            return this;
        }

        /**
         * @param mlp fully connected layer of eq. (67) after each attention layer; default off
         * @return this builder
         */
        public Builder optMlp(boolean mlp) {
            this.mlp = mlp;
            return this;
        }

        /**
         * @param inputEmbedding linear map {@code d^0 -> d} before block 1; default off
         * @return this builder
         */
        public Builder optInputEmbedding(boolean inputEmbedding) {
            this.inputEmbedding = inputEmbedding;
            return this;
        }

        /**
         * @param activation {@code φ}; default GELU
         * @return this builder
         */
        public Builder optActivation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /**
         * @param parameterization standard (default) or NTK, appendix B.2
         * @return this builder
         */
        public Builder optParameterization(Parameterization parameterization) {
            this.parameterization = parameterization;
            return this;
        }

        /**
         * @param sigma {@code σ_Q} of §3.2; default 1
         * @return this builder
         */
        public Builder optSigmaQ(double sigma) {
            this.sigmaQ = sigma;
            return this;
        }

        /**
         * @param sigma {@code σ_K} of §3.2; default 1
         * @return this builder
         */
        public Builder optSigmaK(double sigma) {
            this.sigmaK = sigma;
            return this;
        }

        /**
         * @param sigma {@code σ_V} of §3.2; default 1
         * @return this builder
         */
        public Builder optSigmaV(double sigma) {
            this.sigmaV = sigma;
            return this;
        }

        /**
         * @param sigma {@code σ_O} of §3.2; default 1
         * @return this builder
         */
        public Builder optSigmaO(double sigma) {
            this.sigmaO = sigma;
            return this;
        }

        /**
         * @param sigma {@code σ} of the MLP weights; default 1
         * @return this builder
         */
        public Builder optSigmaMlp(double sigma) {
            this.sigmaMlp = sigma;
            return this;
        }

        /**
         * @param sigma {@code σ} of the readout {@code w ~ N(0, σ²/d)}; default 1
         * @return this builder
         */
        public Builder optSigmaOut(double sigma) {
            this.sigmaOut = sigma;
            return this;
        }

        /**
         * @param dataType FLOAT32 (default) or FLOAT64
         * @return this builder
         */
        public Builder optDataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /**
         * @param seed seed of the Gaussian initialisation; default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates and draws the initial weights.
         *
         * @return the network
         */
        public AttentionNetwork build() {
            positive("width", width, "setWidth");
            positive("heads", heads, "setHeads");
            positive("layers", layers, "setLayers");
            positive("seqLength", seqLength, "setSeqLength");
            positive("inputDim", inputDim, "setInputDim");
            int dg = headDim == -1 ? width : headDim;
            positive("headDim", dg, "optHeadDim");
            if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
                throw new IllegalArgumentException(
                        "dataType: " + dataType + ", accepted FLOAT32 or FLOAT64");
            }
            if (residual && !inputEmbedding && inputDim != width) {
                throw new IllegalArgumentException(
                        "residual: needs inputDim == width (" + inputDim + " != " + width
                                + ") or optInputEmbedding(true)");
            }
            for (double s : new double[] {sigmaQ, sigmaK, sigmaV, sigmaO, sigmaMlp, sigmaOut}) {
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException("sigma: " + s + ", expected finite > 0");
                }
            }
            if (scaling == null || activation == null || parameterization == null) {
                throw new IllegalArgumentException(
                        "scaling/activation/parameterization: must not be null");
            }
            Config cfg = new Config(width, heads, layers, seqLength, inputDim, dg, scaling,
                    layerNorm, residual, mlp, inputEmbedding, activation, parameterization,
                    sigmaQ, sigmaK, sigmaV, sigmaO, sigmaMlp, sigmaOut, dataType, seed);
            return new AttentionNetwork(cfg, Map.of());
        }

        private static void positive(String name, int value, String setter) {
            if (value <= 0) {
                throw new IllegalArgumentException(
                        name + ": " + (value == -1 ? "required, call " + setter + "(int)"
                                : value + ", expected > 0"));
            }
        }
    }
}
