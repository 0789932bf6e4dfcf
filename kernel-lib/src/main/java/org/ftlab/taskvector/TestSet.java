package org.ftlab.taskvector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.ftlab.data.Example;
import org.ftlab.model.Autograd;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.Tokenized;

import java.util.ArrayList;
import java.util.List;

/**
 * A classification test set tokenized once in batches of {@value #BATCH} (the batching of
 * {@code EncoderFineTuner}'s evaluation), with the hidden states below the first layer that
 * fine-tuning changes cached at {@code θ_PT}: those layers are frozen, so every model
 * {@code θ_PT + Σ c_t τ_t} shares them and only the top layers run again. Without a cache
 * ({@code cachedLayers = -1}) every evaluation runs the whole encoder.
 */
final class TestSet implements AutoCloseable {
    static final int BATCH = 32;

    private final NDManager cache;
    private final List<Tokenized> batches = new ArrayList<>();
    private final List<NDArray> hidden = new ArrayList<>();
    private final int[] labels;
    private final int cachedLayers;

    /**
     * @param cachedLayers transformer layers below every changed tensor (hidden states after them
     *     are cached now, so the encoder must hold {@code θ_PT} there), or -1 for no cache
     */
    TestSet(List<Example> examples, BertEncoder enc, BertTokenizer tok, NDManager parent, int cachedLayers) {
        this.cache = parent.newSubManager();
        this.cachedLayers = cachedLayers;
        labels = new int[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).label();
        }
        for (int from = 0; from < examples.size(); from += BATCH) {
            List<Example> part = examples.subList(from, Math.min(examples.size(), from + BATCH));
            Tokenized t = tokenize(part, tok);
            batches.add(t);
            if (cachedLayers >= 0) {
                Autograd.noGrad(() -> {
                    try (NDManager scope = parent.newSubManager()) {
                        NDList in = t.toNDList(scope);
                        NDArray h = enc.forwardLayers(in.get(0), in.get(1), in.get(2), cachedLayers);
                        h.attach(cache);
                        hidden.add(h);
                    }
                });
            }
        }
    }

    /** Pairs are encoded as pairs (like {@code EncoderFineTuner}), single sentences alone. */
    static Tokenized tokenize(List<Example> ex, BertTokenizer tok) {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        boolean pair = false;
        for (Example e : ex) {
            a.add(e.text1());
            b.add(e.isPair() ? e.text2() : "");
            pair |= e.isPair();
        }
        return pair ? tok.encodePairs(a, b) : tok.encode(a);
    }

    int size() {
        return labels.length;
    }

    int[] labels() {
        return labels.clone();
    }

    /** Fraction of the most frequent label: the accuracy of always answering it. */
    double majorityRate(int classes) {
        int[] c = new int[classes];
        int best = 0;
        for (int y : labels) {
            best = Math.max(best, ++c[y]);
        }
        return (double) best / labels.length;
    }

    /** Predicted labels {@code argmax(pool(f(x)) · W + b)} with the encoder's current weights. */
    int[] predict(BertEncoder enc, float[] w, float[] b, int classes) {
        // one intra-op thread: small one-layer passes are latency-bound; on a loaded 2-core machine
        // two threads made per-sample passes many times slower (Autograd.withIntraOpThreads)
        return Autograd.withIntraOpThreads(1, () -> predictNow(enc, w, b, classes));
    }

    private int[] predictNow(BertEncoder enc, float[] w, float[] b, int classes) {
        int[] out = new int[labels.length];
        int d = enc.hiddenSize();
        Autograd.noGrad(() -> {
            int row = 0;
            for (int k = 0; k < batches.size(); k++) {
                Tokenized t = batches.get(k);
                try (NDManager scope = cache.getParentManager().newSubManager()) {
                    NDList in = t.toNDList(scope);
                    NDArray mask = in.get(1);
                    NDArray h;
                    if (cachedLayers >= 0) {
                        NDArray start = hidden.get(k).duplicate();
                        start.attach(scope);
                        h = enc.forwardFrom(start, mask, cachedLayers);
                    } else {
                        h = enc.forward(in.get(0), mask, in.get(2));
                    }
                    NDArray logits = enc.pool(h, mask).matMul(scope.create(w, new Shape(d, classes)))
                            .add(scope.create(b));
                    long[] am = logits.argMax(1).toLongArray();
                    for (long v : am) {
                        out[row++] = (int) v;
                    }
                }
            }
        });
        return out;
    }

    /** Accuracy of {@link #predict}. */
    double accuracy(BertEncoder enc, float[] w, float[] b, int classes) {
        int[] p = predict(enc, w, b, classes);
        int ok = 0;
        for (int i = 0; i < p.length; i++) {
            ok += p[i] == labels[i] ? 1 : 0;
        }
        return (double) ok / p.length;
    }

    @Override
    public void close() {
        cache.close();
    }
}
