package org.ftlab.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A pretrained BERT encoder ({@code f_PT} of Sun &amp; Raskutti, paper 1, Section 3.1) written
 * with DJL NDArrays so that PyTorch autograd reaches every weight: the per-sample gradients
 * {@code ∇_θ f_PT(x)} that make the empirical NTK of eq. (14) and (18) of paper 1.
 *
 * <p>Architecture (HuggingFace {@code BertModel} in evaluation mode, no pooler, no dropout):
 * <ul>
 *   <li>embeddings: word + position (0..T-1) + token type, then LayerNorm (eps 1e-12);</li>
 *   <li>each layer, post-LayerNorm: multi-head self-attention with {@code numHeads} heads of
 *       dimension {@code hiddenSize / numHeads} (eq. (3)-(4) of paper 1, but with BERT's
 *       {@code 1/sqrt(head dim)} scaling instead of the paper's {@code 1/d^{l,G}}); padding keys
 *       get {@code (1 - mask) * (-Float.MAX_VALUE)} (float32 min) added to their scores as in
 *       HuggingFace, so they receive exactly zero attention weight; residual and
 *       LayerNorm; feed-forward {@code dense -> exact (erf) GELU -> dense}; residual and
 *       LayerNorm.</li>
 * </ul>
 * All arithmetic is float32.
 *
 * <p>Parameters are kept under their checkpoint names ({@code embeddings.word_embeddings.weight},
 * {@code encoder.layer.3.attention.self.query.weight}, ...), in checkpoint order, linear weights
 * as {@code [out, in]} like {@code torch.nn.Linear}. Each has {@code requiresGradient} set, so that
 * a {@link ai.djl.training.GradientCollector} backward pass fills their gradients. PyTorch
 * accumulates gradients: call {@link #zeroGradients()} before each per-sample backward pass.
 *
 * <p>Memory: every array made by {@link #forward} is attached to the manager of
 * {@code inputIds}; run it inside a sub-manager ({@code manager.newSubManager()}) and close that
 * after use. The parameters live in a sub-manager of the one given at load time, freed by
 * {@link #close()}.
 *
 * <p>Licences of the weights: all-MiniLM-L6-v2 is Apache-2.0 (sentence-transformers),
 * bge-small-en-v1.5 is MIT (BAAI); see {@code MODELS.md} next to this class.
 */
public final class BertEncoder implements AutoCloseable {

    private final String name;
    private final BertConfig config;
    private final Pooling pooling;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final NDArray[][] layers;
    private final String[][] layerNames;
    private final NDArray wordEmb;
    private final NDArray posEmb;
    private final NDArray typeEmb;
    private final NDArray embLnW;
    private final NDArray embLnB;

    BertEncoder(
            String name,
            BertConfig config,
            Pooling pooling,
            Map<String, OnnxReader.Tensor> weights,
            NDManager parent) {
        this.name = name;
        this.config = config;
        this.pooling = pooling;
        this.manager = parent.newSubManager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxReader.Tensor> e : weights.entrySet()) {
            OnnxReader.Tensor t = e.getValue();
            NDArray a = manager.create(t.data(), new Shape(t.dims()));
            a.setName(e.getKey());
            a.setRequiresGradient(true);
            params.put(e.getKey(), a);
        }
        this.parameters = Collections.unmodifiableMap(params);
        wordEmb = params.get("embeddings.word_embeddings.weight");
        posEmb = params.get("embeddings.position_embeddings.weight");
        typeEmb = params.get("embeddings.token_type_embeddings.weight");
        embLnW = params.get("embeddings.LayerNorm.weight");
        embLnB = params.get("embeddings.LayerNorm.bias");
        layers = new NDArray[config.numLayers()][];
        layerNames = new String[config.numLayers()][];
        for (int l = 0; l < config.numLayers(); l++) {
            layerNames[l] = BertWeights.layerNames(l).toArray(new String[0]);
            layers[l] = java.util.Arrays.stream(layerNames[l]).map(params::get)
                    .toArray(NDArray[]::new);
        }
    }

    /**
     * Sees the parameterised operations of a {@link #forward(NDArray, NDArray, NDArray, Probe)}
     * pass and may replace their outputs, e.g. by {@code output + z} with a zero leaf {@code z}
     * whose gradient after a backward pass is the back-propagated signal {@code ∂f/∂output}
     * (the per-layer Gram NTK of {@code org.ftlab.ntk.EncoderNtk} does this). Every method returns
     * the array the forward pass continues with ({@code output} itself to leave it unchanged).
     */
    public interface Probe {
        /**
         * The embedding sum {@code word[ids] + token_type[typeIds] + position[0..T-1]}, before the
         * embedding LayerNorm.
         *
         * @param ids token ids {@code [B, T]} (int64)
         * @param typeIds token type ids {@code [B, T]} (int64)
         * @param sum {@code [B, T, d]}
         * @return the array to continue with
         */
        NDArray embeddings(NDArray ids, NDArray typeIds, NDArray sum);

        /**
         * A linear map applied per token, {@code output = input W^T + b}.
         *
         * @param weight checkpoint name of {@code W} ({@code [out, in]})
         * @param bias checkpoint name of {@code b}
         * @param input {@code [B, T, in]}
         * @param output {@code [B, T, out]}
         * @return the array to continue with
         */
        NDArray linear(String weight, String bias, NDArray input, NDArray output);

        /**
         * A LayerNorm, {@code output = gain ⊙ (input − mean) / sqrt(var + eps) + bias} per token.
         *
         * @param gain checkpoint name of the gain
         * @param bias checkpoint name of the bias
         * @param input {@code [B, T, d]} before normalisation
         * @param output {@code [B, T, d]}
         * @return the array to continue with
         */
        NDArray layerNorm(String gain, String bias, NDArray input, NDArray output);
    }

    /**
     * Runs the encoder and returns {@code last_hidden_state}.
     *
     * @param inputIds token ids, integer {@code [B, T]}, {@code T <= maxPositions()}
     * @param attentionMask 1 for real tokens, 0 for padding, {@code [B, T]} (any numeric type);
     *     {@code null} means all ones
     * @param tokenTypeIds segment ids (0 for the first sentence, 1 for the second), {@code [B, T]};
     *     {@code null} means all zeros
     * @return hidden states, float32 {@code [B, T, hiddenSize()]}, attached to the manager of
     *     {@code inputIds}
     * @throws IllegalArgumentException if shapes do not agree or {@code T} is too long
     */
    public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
        return forward(inputIds, attentionMask, tokenTypeIds, null, config.numLayers(), null);
    }

    /**
     * {@link #forward(NDArray, NDArray, NDArray)} with {@code embeddingNoise} added to the output of
     * the embedding LayerNorm, i.e. to the input of transformer layer 0: the perturbed input of
     * LNSR (Hua et al. 2021), used by {@code org.ftlab.stability.GlueStability}.
     *
     * @param embeddingNoise {@code [B, T, hiddenSize()]} float32, or {@code null} for none
     */
    public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds,
            NDArray embeddingNoise) {
        return forward(inputIds, attentionMask, tokenTypeIds, embeddingNoise, config.numLayers(), null);
    }

    /**
     * Runs the embeddings and the first {@code layer} transformer layers only: the hidden states
     * that feed a head appended at layer {@code layer} (the backbone {@code f_PT^k} of paper 1,
     * §5.1, eq. (20)), or that a caller caches below the layers it changes ({@link #forwardFrom}).
     * {@code layer = numLayers()} is {@link #forward(NDArray, NDArray, NDArray)} exactly;
     * {@code layer = 0} is the embedding output (after its LayerNorm).
     *
     * @param layer transformer layers run, in {@code [0, numLayers()]}
     * @return hidden states {@code [B, T, hiddenSize()]} after layer {@code layer}
     * @throws IllegalArgumentException if {@code layer} is out of range or shapes disagree
     */
    public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds, int layer) {
        return forward(inputIds, attentionMask, tokenTypeIds, null, layer, null);
    }

    /**
     * {@link #forward(NDArray, NDArray, NDArray)} that shows every parameterised operation to
     * {@code probe} (null: none), which may replace its output (the per-layer Gram NTK of
     * {@code org.ftlab.ntk.EncoderNtk}).
     *
     * @param inputIds token ids {@code [B, T]}
     * @param attentionMask 1 real, 0 padding, {@code [B, T]}, or null
     * @param tokenTypeIds segment ids {@code [B, T]}, or null
     * @param probe sees embeddings, linear maps and LayerNorms in forward order
     * @return hidden states {@code [B, T, d]}
     */
    public NDArray forward(
            NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds, Probe probe) {
        return forward(inputIds, attentionMask, tokenTypeIds, null, config.numLayers(), probe);
    }

    /** The general forward: optional embedding noise (LNSR), the first {@code layer} layers, a probe. */
    private NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds,
            NDArray embeddingNoise, int layer, Probe probe) {
        if (layer < 0 || layer > config.numLayers()) {
            throw new IllegalArgumentException("layer: " + layer + " is not in [0, "
                    + config.numLayers() + "] for " + name);
        }
        Shape s = inputIds.getShape();
        if (s.dimension() != 2 || s.get(0) < 1 || s.get(1) < 1) {
            throw new IllegalArgumentException("inputIds must be [B, T] with B, T >= 1, got " + s);
        }
        long b = s.get(0);
        long t = s.get(1);
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException("inputIds has T = " + t + " tokens, more than the "
                    + config.maxPositions() + " positions of " + name);
        }
        if (attentionMask != null && !attentionMask.getShape().equals(s)) {
            throw new IllegalArgumentException("attentionMask shape " + attentionMask.getShape()
                    + " differs from inputIds shape " + s);
        }
        if (tokenTypeIds != null && !tokenTypeIds.getShape().equals(s)) {
            throw new IllegalArgumentException("tokenTypeIds shape " + tokenTypeIds.getShape()
                    + " differs from inputIds shape " + s);
        }
        NDManager m = inputIds.getManager();
        NDArray ids = inputIds.toType(DataType.INT64, false);
        NDArray types = tokenTypeIds == null
                ? m.zeros(s, DataType.INT64) : tokenTypeIds.toType(DataType.INT64, false);
        NDArray positions = m.arange(0, (int) t, 1, DataType.INT64).reshape(1, t);

        NDArray x = embed(ids, wordEmb)
                .add(embed(types, typeEmb))
                .add(embed(positions, posEmb));
        if (probe != null) {
            x = probe.embeddings(ids, types, x);
        }
        x = layerNorm(x, embLnW, embLnB, "embeddings.LayerNorm.weight",
                "embeddings.LayerNorm.bias", probe);
        if (embeddingNoise != null) {
            if (!embeddingNoise.getShape().equals(x.getShape())) {
                throw new IllegalArgumentException("embeddingNoise shape " + embeddingNoise.getShape()
                        + " differs from the embedding output " + x.getShape());
            }
            x = x.add(embeddingNoise);
        }

        // (1 - mask) * float32 min, broadcast over heads and queries: [B, 1, 1, T]
        NDArray maskBias = null;
        if (attentionMask != null) {
            maskBias = attentionMask.toType(DataType.FLOAT32, false)
                    .neg().add(1f).mul(-Float.MAX_VALUE).reshape(b, 1, 1, t);
        }
        for (int l = 0; l < layer; l++) {
            x = scopedLayer(x, l, maskBias, b, t, probe);
        }
        return x;
    }

    /**
     * Layer {@code l} with its intermediate arrays released when it returns (their Java handles
     * only: autograd keeps its own references to what backward needs), so a forward holds one
     * layer's temporaries instead of every layer's until the caller's scope closes. Measured: a
     * no-grad batch of 32 × 64 tokens held about 350 MB of temporaries otherwise. With a probe the
     * temporaries stay, as the probe may keep them.
     */
    private NDArray scopedLayer(NDArray x, int l, NDArray maskBias, long b, long t, Probe probe) {
        if (probe != null) {
            return layer(x, layers[l], layerNames[l], maskBias, b, t, probe);
        }
        NDManager home = x.getManager();
        try (NDManager tmp = home.newSubManager()) {
            x.tempAttach(tmp);
            NDArray y = layer(x, layers[l], layerNames[l], maskBias, b, t, null);
            y.attach(home);
            return y;
        }
    }

    /**
     * The second part of {@link #forward}: transformer layers {@code from..numLayers()-1} applied to
     * hidden states from {@link #forward(NDArray, NDArray, NDArray, int)} with {@code layer = from};
     * {@code forwardFrom(forward(x, m, t, j), m, j)} performs the same float32 operations as
     * {@code forward(x, m, t)}.
     *
     * @param hidden {@code [B, T, hiddenSize()]}
     * @param attentionMask {@code [B, T]} or {@code null} for all ones
     * @param from first layer run, in {@code [0, numLayers()]}
     * @return {@code last_hidden_state}, attached to the manager of {@code hidden}
     */
    public NDArray forwardFrom(NDArray hidden, NDArray attentionMask, int from) {
        if (from < 0 || from > config.numLayers()) {
            throw new IllegalArgumentException("from: " + from + " not in [0, " + config.numLayers() + "]");
        }
        Shape s = hidden.getShape();
        if (s.dimension() != 3 || s.get(2) != config.hiddenSize()) {
            throw new IllegalArgumentException("hidden must be [B, T, " + config.hiddenSize() + "], got " + s);
        }
        long b = s.get(0);
        long t = s.get(1);
        if (attentionMask != null && !attentionMask.getShape().equals(new Shape(b, t))) {
            throw new IllegalArgumentException("attentionMask shape " + attentionMask.getShape()
                    + " differs from [B, T] = " + new Shape(b, t));
        }
        NDArray maskBias = null;
        if (attentionMask != null) {
            maskBias = attentionMask.toType(DataType.FLOAT32, false)
                    .neg().add(1f).mul(-Float.MAX_VALUE).reshape(b, 1, 1, t);
        }
        NDArray x = hidden;
        for (int l = from; l < layers.length; l++) {
            x = scopedLayer(x, l, maskBias, b, t, null);
        }
        return x;
    }

    /** One post-LN transformer layer; {@code w}, {@code n} in {@link BertWeights#layerNames} order. */
    private NDArray layer(
            NDArray x, NDArray[] w, String[] n, NDArray maskBias, long b, long t, Probe probe) {
        int heads = config.numHeads();
        int hd = config.headDim();
        NDArray q = splitHeads(linear(x, w, n, 0, probe), b, t, heads, hd);
        NDArray k = splitHeads(linear(x, w, n, 2, probe), b, t, heads, hd);
        NDArray v = splitHeads(linear(x, w, n, 4, probe), b, t, heads, hd);
        // Autograd.div: DJL's div(Number) hands autograd a 0-d tensor whose memory the GC frees
        NDArray scores = org.ftlab.model.Autograd.div(q.matMul(k.transpose(0, 1, 3, 2)), Math.sqrt(hd));
        if (maskBias != null) {
            scores = scores.add(maskBias);
        }
        NDArray ctx = scores.softmax(-1).matMul(v) // [B, heads, T, hd]
                .transpose(0, 2, 1, 3)
                .reshape(b, t, config.hiddenSize());
        NDArray attn = linear(ctx, w, n, 6, probe);
        NDArray x1 = layerNorm(attn.add(x), w[8], w[9], n[8], n[9], probe);
        NDArray h = Activation.gelu(linear(x1, w, n, 10, probe));
        NDArray out = linear(h, w, n, 12, probe);
        return layerNorm(out.add(x1), w[14], w[15], n[14], n[15], probe);
    }

    /** The linear map whose weight is {@code w[i]} and bias {@code w[i + 1]}. */
    private static NDArray linear(NDArray x, NDArray[] w, String[] n, int i, Probe probe) {
        NDArray y = Linear.linear(x, w[i], w[i + 1]).singletonOrThrow();
        return probe == null ? y : probe.linear(n[i], n[i + 1], x, y);
    }

    private static NDArray splitHeads(NDArray a, long b, long t, int heads, int hd) {
        return a.reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, String gammaName,
            String betaName, Probe probe) {
        NDArray y = LayerNorm.layerNorm(
                        x, new Shape(config.hiddenSize()), gamma, beta, config.layerNormEps())
                .singletonOrThrow();
        return probe == null ? y : probe.layerNorm(gammaName, betaName, x, y);
    }

    /** LayerNorm epsilon (1e-12 for MiniLM and BGE). */
    public double layerNormEps() {
        return config.layerNormEps();
    }

    /**
     * Pools hidden states into sentence embeddings with this model's {@link #pooling()}. No
     * L2 normalisation is applied (sentence-transformers normalises both models' outputs
     * afterwards; cosine similarities are unaffected).
     *
     * @param hidden {@code [B, T, d]} from {@link #forward}
     * @param attentionMask {@code [B, T]}, or {@code null} for all ones (used by MEAN only)
     * @return {@code [B, d]}
     */
    public NDArray pool(NDArray hidden, NDArray attentionMask) {
        Shape s = hidden.getShape();
        if (s.dimension() != 3) {
            throw new IllegalArgumentException("hidden must be [B, T, d], got " + s);
        }
        if (pooling == Pooling.CLS) {
            return hidden.get(":, 0, :");
        }
        if (attentionMask == null) {
            return hidden.mean(new int[] {1});
        }
        if (!attentionMask.getShape().equals(new Shape(s.get(0), s.get(1)))) {
            throw new IllegalArgumentException("attentionMask shape " + attentionMask.getShape()
                    + " does not match hidden " + s);
        }
        NDArray m = attentionMask.toType(DataType.FLOAT32, false).expandDims(2); // [B, T, 1]
        NDArray sum = hidden.mul(m).sum(new int[] {1});
        NDArray count = m.sum(new int[] {1}).maximum(1e-9f);
        return sum.div(count);
    }

    /** {@link #forward} followed by {@link #pool}: sentence embeddings {@code [B, d]}. */
    public NDArray embed(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
        return pool(forward(inputIds, attentionMask, tokenTypeIds), attentionMask);
    }

    /**
     * {@link #forward} on a tokenized batch; the input arrays are created in {@code scope}.
     *
     * @return hidden states {@code [B, T, d]} attached to {@code scope}
     */
    public NDArray forward(Tokenized batch, NDManager scope) {
        NDList in = batch.toNDList(scope);
        return forward(in.get(0), in.get(1), in.get(2));
    }

    /**
     * {@link #embed} of the hidden states after layer {@code layer} ({@link #forward(NDArray,
     * NDArray, NDArray, int)}), pooled with this model's {@link #pooling()}: the input of a head
     * appended at layer {@code layer} (paper 1, §5.1).
     *
     * @return pooled embeddings {@code [B, d]} attached to {@code scope}
     */
    public NDArray embed(Tokenized batch, NDManager scope, int layer) {
        NDList in = batch.toNDList(scope);
        return pool(forward(in.get(0), in.get(1), in.get(2), layer), in.get(1));
    }

    /**
     * {@link #embed} on a tokenized batch; the input arrays are created in {@code scope}.
     *
     * @return pooled embeddings {@code [B, d]} attached to {@code scope}
     */
    public NDArray embed(Tokenized batch, NDManager scope) {
        NDList in = batch.toNDList(scope);
        return embed(in.get(0), in.get(1), in.get(2));
    }

    /**
     * The trainable parameters θ under their BERT checkpoint names, in checkpoint order
     * (embeddings, then layer 0, 1, ...). Unmodifiable; the arrays themselves are live.
     */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** Total number of scalar parameters (22.6 M for MiniLM, 33.2 M for BGE). */
    public long parameterCount() {
        long n = 0;
        for (NDArray a : parameters.values()) {
            n += a.size();
        }
        return n;
    }

    /**
     * Chooses which parameters are trained (keep {@code requiresGradient}); the others are frozen.
     * Freezing {@code embeddings.word_embeddings.weight} (11.7 M of MiniLM's 22.6 M parameters)
     * halves the size of a per-sample gradient. All parameters are trainable after loading.
     *
     * @param trainable receives each checkpoint name
     * @return the number of trainable scalar parameters
     */
    public long setTrainable(Predicate<String> trainable) {
        long n = 0;
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            boolean on = trainable.test(e.getKey());
            e.getValue().setRequiresGradient(on);
            if (on) {
                n += e.getValue().size();
            }
        }
        return n;
    }

    /**
     * The word-embedding table {@code E_word} ({@code embeddings.word_embeddings.weight},
     * {@code [vocab, hiddenSize()]}), the live parameter array: a masked-LM decoder tied to it
     * (logits = h·E_wordᵀ + b) shares its storage.
     */
    public NDArray wordEmbeddings() {
        return wordEmb;
    }

    /** The parameters that currently require a gradient, in checkpoint order. */
    public Map<String, NDArray> trainableParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            if (e.getValue().hasGradient()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Sets the accumulated gradient of every trainable parameter to zero (PyTorch adds up
     * backward passes).
     */
    public void zeroGradients() {
        for (NDArray p : parameters.values()) {
            if (!p.hasGradient()) {
                continue;
            }
            try (NDArray g = p.getGradient()) {
                g.subi(g);
            }
        }
    }

    /**
     * Copies of the current gradients of the trainable parameters, attached to {@code scope}, in
     * checkpoint order.
     */
    public Map<String, NDArray> gradients(NDManager scope) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            if (!e.getValue().hasGradient()) {
                continue;
            }
            try (NDArray g = e.getValue().getGradient()) {
                NDArray c = g.duplicate();
                c.attach(scope);
                out.put(e.getKey(), c);
            }
        }
        return out;
    }

    /** Model name, e.g. {@code all-minilm-l6-v2}. */
    public String name() {
        return name;
    }

    public Pooling pooling() {
        return pooling;
    }

    public int hiddenSize() {
        return config.hiddenSize();
    }

    public int numLayers() {
        return config.numLayers();
    }

    public int numHeads() {
        return config.numHeads();
    }

    /** Longest sequence the position table allows (512). */
    public int maxPositions() {
        return config.maxPositions();
    }

    BertConfig config() {
        return config;
    }

    /** Frees the parameters. */
    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return name + " (" + config.numLayers() + " layers, hidden " + config.hiddenSize() + ", "
                + config.numHeads() + " heads, " + parameterCount() + " parameters, "
                + pooling + " pooling)";
    }
}
