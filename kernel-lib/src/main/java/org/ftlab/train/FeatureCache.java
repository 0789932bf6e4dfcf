package org.ftlab.train;

import ai.djl.ndarray.NDManager;

import org.ftlab.data.Example;
import org.ftlab.model.Autograd;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pooled features of the frozen encoder at one layer, computed once per example and reused: the
 * linear probe of paper 1, Remark 5.1 only ever sees these vectors, so every training-set size and
 * seed of a learning curve can share them. Examples missing from the cache are encoded in batches of
 * {@link EncoderFineTuner#EVAL_BATCH} with gradients off. The features of an example do not depend on
 * the other examples of its batch (padding tokens are masked out of attention and pooling; checked
 * bit for bit in the tests), so a cached run gives exactly the numbers of an uncached one.
 */
final class FeatureCache {
    private final BertEncoder encoder;
    private final BertTokenizer tokenizer;
    private final int layer;
    private final boolean siamese;
    private final NDManager root;
    private final Map<Example, float[]> features = new HashMap<>();
    private long encoded;

    FeatureCache(BertEncoder encoder, BertTokenizer tokenizer, int layer, boolean siamese, NDManager root) {
        if (layer < 0 || layer > encoder.numLayers()) {
            throw new IllegalArgumentException("layer: " + layer + " is not in [0, " + encoder.numLayers() + "]");
        }
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.layer = layer;
        this.siamese = siamese;
        this.root = root;
    }

    BertEncoder encoder() {
        return encoder;
    }

    int layer() {
        return layer;
    }

    /** Whether pairs get {@link EncoderFineTuner.Features#SIAMESE} features. */
    boolean siamese() {
        return siamese;
    }

    /** Examples encoded so far (each once). */
    long encodedCount() {
        return encoded;
    }

    /** Features of each example, in order; encodes the ones not seen before. Rows are shared arrays. */
    float[][] features(List<Example> examples) {
        List<Example> missing = new ArrayList<>();
        java.util.Set<Example> queued = new java.util.HashSet<>();
        for (Example e : examples) {
            if (!features.containsKey(e) && queued.add(e)) {
                missing.add(e);
            }
        }
        encode(missing);
        float[][] out = new float[examples.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = features.get(examples.get(i));
        }
        return out;
    }

    /** {@code [u ⊙ v, |u − v|]} of separately encoded sentences of each pair. */
    private void siameseBatch(List<Example> batch, NDManager scope) {
        List<String> a = new ArrayList<>();
        List<String> c = new ArrayList<>();
        for (Example e : batch) {
            if (!e.isPair()) {
                throw new IllegalArgumentException("examples: SIAMESE features need all pairs or all single "
                        + "sentences, " + e.source() + ":" + e.line() + " is single");
            }
            a.add(e.text1());
            c.add(e.text2());
        }
        float[] u = encoder.embed(tokenizer.encode(a), scope, layer).toFloatArray();
        float[] v = encoder.embed(tokenizer.encode(c), scope, layer).toFloatArray();
        int d = u.length / batch.size();
        for (int i = 0; i < batch.size(); i++) {
            float[] f = new float[2 * d];
            for (int k = 0; k < d; k++) {
                float x = u[i * d + k];
                float y = v[i * d + k];
                f[k] = x * y;
                f[d + k] = Math.abs(x - y);
            }
            features.put(batch.get(i), f);
        }
    }

    private void encode(List<Example> ex) {
        int step = EncoderFineTuner.EVAL_BATCH;
        Autograd.noGrad(() -> {
            for (int from = 0; from < ex.size(); from += step) {
                int to = Math.min(ex.size(), from + step);
                int[] rows = java.util.stream.IntStream.range(from, to).toArray();
                try (NDManager scope = root.newSubManager()) {
                    List<Example> batch = ex.subList(from, to);
                    if (siamese && batch.stream().anyMatch(Example::isPair)) {
                        siameseBatch(batch, scope);
                        encoded += rows.length;
                        continue;
                    }
                    float[] flat = encoder.embed(EncoderFineTuner.tokenize(ex, rows, tokenizer), scope, layer)
                            .toFloatArray();
                    int d = flat.length / rows.length;
                    for (int i = 0; i < rows.length; i++) {
                        features.put(ex.get(from + i), Arrays.copyOfRange(flat, i * d, (i + 1) * d));
                    }
                }
                encoded += rows.length;
            }
        });
    }
}
