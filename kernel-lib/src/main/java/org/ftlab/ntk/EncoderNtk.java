package org.ftlab.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.ftlab.data.Example;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.pretrained.Tokenized;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The empirical NTK of a pretrained encoder with a scalar head ({@link ScalarHeadModel}), as
 * paper 1 (Sun &amp; Raskutti) computes it in §7.1 and appendix A.2: {@code K = J J^T / N}
 * (eq. 7) with {@code J} the per-sample gradients of {@code f_PT(x) = w · pool(BERT(x)) + b} over
 * a parameter subset. Tokenisation of task examples (sentence pairs as
 * {@code [CLS] a [SEP] b [SEP]}), the subset by number of trained layers, and two methods:
 *
 * <p><b>{@link Method#LAYER_GRAM}</b> (default) never forms a per-sample gradient of the whole
 * network. Samples are independent (no batch statistics), so one batched forward and backward
 * pass of {@code Σ_i f(x_i)} gives every sample's per-token inputs {@code a_it} and
 * back-propagated signals {@code δ_it = ∂f(x_i)/∂y_it} of each parameterised operation, and
 * {@code <∇f(x_i), ∇f(x_j)>} is a sum over operations:
 * <ul>
 *   <li>linear map {@code y = a W^T + b} per token: {@code <G_i, G_j> = Σ_{t,s} (a_it·a_js)
 *       (δ_it·δ_js)} (the elementwise product of the token Gram matrices {@code A_i A_j^T} and
 *       {@code Δ_i Δ_j^T}), or, when that needs more multiply-adds (about when
 *       {@code N T² (in + out) > (N + T) in·out}: {@code T > 15} for {@code N = 100} and a
 *       384×384 weight), the Gram of the per-sample weight gradients
 *       {@code G_i = Δ_i^T A_i} formed by one batched matmul per block of output units; bias:
 *       {@code (Σ_t δ_it)·(Σ_s δ_js)};</li>
 *   <li>word / position / token-type embeddings: {@code Σ_{t,s} [k_it = k_js] δ_it·δ_js} with
 *       {@code k} the token id, position or type id ({@code δ} taken before the embedding
 *       LayerNorm);</li>
 *   <li>LayerNorm gain and bias: per-sample vectors {@code Σ_t δ_t ⊙ x̂_t} and {@code Σ_t δ_t};</li>
 *   <li>head: {@code pool_i · pool_j + 1}.</li>
 * </ul>
 * Samples are processed in chunks sorted by length (padding positions carry zero signal and are
 * masked); chunks whose signals fit the memory budget are held, later chunks are streamed
 * against them (recomputing their passes), like the blocked exact mode of {@link EmpiricalNtk}.
 * MiniLM's signals take about 150 KB per token, 0.47 GB for 100 inputs of 32 tokens: a budget of
 * 1 GiB holds them all (exact kernel in 19 CPU s at 1.4 GB peak RSS on a loaded 2-core machine),
 * the default 256 MiB repeats 56 of the 100 passes (27 CPU s, 0.8 GB).
 *
 * <p>In SKETCH mode {@code K̂ = Z Z^T / (D N)} with {@code Z_iq = <∇f(x_i), S_q>} and an
 * independent Rademacher direction per parameter tensor: {@code S_q = u_q v_q^T} for a matrix
 * (rows {@code u} indexed by output unit or table row, columns {@code v} by input unit),
 * {@code S_q = s_q} for a vector. {@code E[S S^T] = I} per tensor, so {@code E[K̂] = K}; the
 * reported {@link NtkResult#expectedRelativeError()} is {@code sqrt(M̂) / ||K||_F} with the
 * unbiased estimate {@code M̂ = (Σ_q ||X_q||_F² − D ||K̂||_F²) / (D (D − 1))} of
 * {@code E||K̂ − K||_F²} from the {@code D} i.i.d. rank-one terms {@code X_q = Z_q Z_q^T / N}
 * ({@code ||K||_F²} estimated as {@code ||K̂||_F² − M̂}). {@code tr K} is exact in both modes.
 *
 * <p><b>{@link Method#PER_SAMPLE_GRADIENTS}</b>: {@link EmpiricalNtk} on materialised per-sample
 * gradients (one forward and backward pass per sample, blocked recomputation under the budget).
 */
public final class EncoderNtk {

    /** {@code layersTrained} value meaning every parameter, embeddings included. */
    public static final int ALL = -1;

    /** How the kernel is computed; both give the same {@code K} up to float32 round-off. */
    public enum Method {
        /** Per-operation Gram matrices from batched passes (default; see the class comment). */
        LAYER_GRAM,
        /** Materialised per-sample gradients through {@link EmpiricalNtk}. */
        PER_SAMPLE_GRADIENTS
    }

    private EncoderNtk() {}

    /**
     * Tokenizes task examples: pairs with {@link BertTokenizer#encodePairs} when the examples
     * have a second text, single sentences otherwise.
     *
     * @param tokenizer tokenizer (its max length truncates)
     * @param examples non-empty, all pairs or all single sentences
     * @return the padded batch
     * @throws IllegalArgumentException if empty or mixed
     */
    public static Tokenized tokenize(BertTokenizer tokenizer, List<Example> examples) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("examples: empty");
        }
        boolean pair = examples.get(0).isPair();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (Example e : examples) {
            if (e.isPair() != pair) {
                throw new IllegalArgumentException("examples: mixes pairs and single sentences ("
                        + e.where() + ")");
            }
            a.add(e.text1());
            b.add(e.text2());
        }
        return pair ? tokenizer.encodePairs(a, b) : tokenizer.encode(a);
    }

    /**
     * The parameter subset of {@code k} trained layers: {@link #ALL} for every parameter, else
     * the head plus the last {@code k} transformer layers ({@code k = 0}: head only).
     *
     * @param model the model
     * @param k {@link #ALL} or {@code 0..numLayers}
     * @return a name predicate
     */
    public static Predicate<String> subset(ScalarHeadModel model, int k) {
        return k == ALL ? ScalarHeadModel.all() : model.lastLayers(k);
    }

    /**
     * Computes the NTK on a tokenized batch by {@link Method#LAYER_GRAM}.
     *
     * @param model encoder + scalar head
     * @param batch the N inputs
     * @param layersTrained {@link #ALL} or the number of last layers (head always included)
     * @param options an {@link EmpiricalNtk#builder()} with the optional settings (mode, sketch
     *     dimension, memory budget, seed, threads, progress); model, inputs and parameters are
     *     set here
     * @return the kernel and how it was computed
     */
    public static NtkResult compute(
            ScalarHeadModel model, Tokenized batch, int layersTrained, EmpiricalNtk.Builder options) {
        return compute(model, batch, layersTrained, options, Method.LAYER_GRAM);
    }

    /**
     * Computes the NTK on a tokenized batch.
     *
     * @param model encoder + scalar head
     * @param batch the N inputs
     * @param layersTrained {@link #ALL} or the number of last layers (head always included)
     * @param options optional settings, as for {@link #compute(ScalarHeadModel, Tokenized, int,
     *     EmpiricalNtk.Builder)}; for LAYER_GRAM the memory budget bounds the held per-token
     *     signals plus Gram temporaries (each batched pass adds about a quarter of it)
     * @param method LAYER_GRAM or PER_SAMPLE_GRADIENTS
     * @return the kernel and how it was computed; for LAYER_GRAM {@link
     *     NtkResult#gradientEvaluations()} counts samples sent through forward+backward passes
     */
    public static NtkResult compute(ScalarHeadModel model, Tokenized batch, int layersTrained,
            EmpiricalNtk.Builder options, Method method) {
        if (method == null) {
            throw new IllegalArgumentException(
                    "method: null, accepted LAYER_GRAM or PER_SAMPLE_GRADIENTS");
        }
        return compute(model, batch, subset(model, layersTrained), options, method, 0, 0);
    }

    /**
     * @param chunk samples per batched pass (0: from the budget)
     * @param strategy linear weights: {@link LayerGramNtk#AUTO} (0) the cheaper per weight,
     *     {@link LayerGramNtk#TOKEN_GRAM} (1) token Grams, {@link LayerGramNtk#GRADIENTS} (2)
     *     per-sample weight gradients
     */
    static NtkResult compute(ScalarHeadModel model, Tokenized batch, Predicate<String> subset,
            EmpiricalNtk.Builder options, Method method, int chunk, int strategy) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = ScalarHeadModel.pack(batch, m);
            EmpiricalNtk ntk = options.setModel(model).setInputs(x).optParameters(subset).build();
            if (method == Method.PER_SAMPLE_GRADIENTS) {
                return ntk.compute();
            }
            return new LayerGramNtk(model, batch, ntk, chunk, strategy).compute();
        }
    }
}
