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
 * a parameter subset. Thin glue: tokenisation of task examples (sentence pairs as
 * {@code [CLS] a [SEP] b [SEP]}), packing, the subset by number of trained layers, and
 * {@link EmpiricalNtk} for the kernel itself.
 */
public final class EncoderNtk {

    /** {@code layersTrained} value meaning every parameter, embeddings included. */
    public static final int ALL = -1;

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
     * Computes the NTK on a tokenized batch.
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
        Predicate<String> subset = subset(model, layersTrained);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = ScalarHeadModel.pack(batch, m);
            return options.setModel(model).setInputs(x).optParameters(subset).build().compute();
        }
    }
}
