package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.ftlab.model.Autograd;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.ntk.NtkResult;
import org.ftlab.spectrum.SymmetricEigen;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The encoder + scalar head adapter: outputs against {@code w · embed(x) + b} computed through
 * {@link BertEncoder} directly, per-sample gradients against BertEncoder's own autograd and the
 * closed form of the head gradient, and its NTK against an independent {@code J J^T / N} built
 * from explicitly flattened gradients.
 */
class ScalarHeadModelTest {

    static NDManager manager;
    static BertEncoder enc;
    static BertTokenizer tok;
    static ScalarHeadModel model;
    static int previousThreads;

    static final List<String> SENTENCES = List.of(
            "A man is playing a guitar.",
            "The cat sat on the mat next to the door.",
            "Stocks fell sharply today.",
            "Two children are running across a wide green field near the river.");

    /** A small subset that still goes through attention, FFN and LayerNorm of the last layer. */
    static final Set<String> SMALL = Set.of(
            "encoder.layer.5.attention.self.value.bias",
            "encoder.layer.5.output.dense.bias",
            "encoder.layer.5.output.LayerNorm.weight",
            "encoder.layer.4.attention.output.LayerNorm.bias",
            ScalarHeadModel.HEAD_WEIGHT,
            ScalarHeadModel.HEAD_BIAS);

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        // one intra-op thread: per-sample passes are fastest so on the shared 2-core machine
        previousThreads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        enc = PretrainedModels.load("minilm", manager);
        tok = PretrainedModels.tokenizer("minilm", 32);
        model = ScalarHeadModel.create(enc, 7, manager);
    }

    @AfterAll
    static void free() {
        model.close();
        tok.close();
        enc.close();
        manager.close();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(previousThreads);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    @Test
    void headIsSeededGaussianWithVarianceOneOverD() {
        float[] w = model.headWeight();
        assertEquals(384, w.length, "head dimension = hidden size");
        double ss = dot(w, w) / w.length;
        // E[w_i^2] = 1/384; 384 draws: sd of the mean square ~ sqrt(2/384)/384
        assertEquals(1.0 / 384, ss, 4 * Math.sqrt(2.0 / 384) / 384,
                "mean square of w vs 1/d (4 standard errors)");
        try (ScalarHeadModel again = ScalarHeadModel.create(enc, 7, manager)) {
            assertTrue(java.util.Arrays.equals(w, again.headWeight()), "same seed, same head");
        }
    }

    @Test
    void forwardEqualsHeadOnEncoderEmbedding() {
        try (NDManager scope = manager.newSubManager()) {
            Tokenized batch = tok.encode(SENTENCES);
            float[] f = model.forward(ScalarHeadModel.pack(batch, scope)).toFloatArray();
            float[] w = model.headWeight();
            for (int i = 0; i < SENTENCES.size(); i++) {
                float[] e = enc.embed(batch.rows(i, i + 1), scope).toFloatArray();
                double expected = dot(e, w);
                assertEquals(expected, f[i], 1e-5 * Math.max(1, Math.abs(expected)),
                        "f(x_" + i + ") vs w . embed(x_" + i + ") (1e-5 relative, float32)");
            }
        }
    }

    @Test
    void perSampleGradientEqualsEncoderAutograd() {
        Tokenized one = tok.encode(SENTENCES.get(1));
        try (NDManager scope = manager.newSubManager()) {
            // (a) through the adapter, sample padded to 32 tokens
            Tokenized padded = tok.encode(List.of(SENTENCES.get(1), SENTENCES.get(3) + " "
                    + SENTENCES.get(3))).rows(0, 1);
            assertTrue(padded.length() > one.length(), "padded copy is longer");
            Autograd.zeroGradients(model.parameters());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(model.forward(ScalarHeadModel.pack(padded, scope)).sum());
            }
            Map<String, NDArray> viaAdapter = enc.gradients(scope);
            float[] headGrad = model.parameters().get(model.parameters().size() - 2)
                    .array().getGradient().toFloatArray();
            float biasGrad = model.parameters().get(model.parameters().size() - 1)
                    .array().getGradient().toFloatArray()[0];
            // (b) directly: s = embed(x) . w, unpadded
            enc.zeroGradients();
            float[] w = model.headWeight();
            NDArray pooled;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                pooled = enc.embed(one, scope);
                gc.backward(pooled.mul(scope.create(w).expandDims(0)).sum());
            }
            Map<String, NDArray> direct = enc.gradients(scope);
            double maxDiff = 0;
            double maxAbs = 0;
            for (String name : direct.keySet()) {
                maxDiff = Math.max(maxDiff,
                        viaAdapter.get(name).sub(direct.get(name)).abs().max().getFloat());
                maxAbs = Math.max(maxAbs, direct.get(name).abs().max().getFloat());
            }
            assertTrue(maxAbs > 0, "gradient must not vanish");
            assertTrue(maxDiff < 1e-4 * maxAbs, "adapter gradient (padded input) vs BertEncoder"
                    + " autograd (unpadded): max|diff| " + maxDiff + " > 1e-4 max|grad| " + maxAbs);
            // closed forms: df/dw = pool(x), df/db = 1
            float[] e = pooled.toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], headGrad[i], 1e-5 * Math.max(1, Math.abs(e[i])),
                        "d f / d w_" + i + " = pooled_" + i + " (1e-5)");
            }
            assertEquals(1.0, biasGrad, 0.0, "d f / d b = 1 exactly");
        }
    }

    @Test
    void ntkOnFourSentencesEqualsExplicitGradientGram() {
        Tokenized batch = tok.encode(SENTENCES);
        int n = SENTENCES.size();
        NtkResult r;
        try (NDManager scope = manager.newSubManager()) {
            r = EmpiricalNtk.builder().setModel(model).setInputs(ScalarHeadModel.pack(batch, scope))
                    .optParameters(SMALL).build().compute();
        }
        // independent: flat gradient vectors of each sample alone through BertEncoder directly
        double[][] j = new double[n][];
        float[] w = model.headWeight();
        for (int i = 0; i < n; i++) {
            try (NDManager scope = manager.newSubManager()) {
                enc.zeroGradients();
                NDArray pooled;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    pooled = enc.embed(batch.rows(i, i + 1), scope);
                    gc.backward(pooled.mul(scope.create(w).expandDims(0)).sum());
                }
                List<Double> flat = new ArrayList<>();
                for (String name : SMALL) {
                    float[] g;
                    if (name.equals(ScalarHeadModel.HEAD_WEIGHT)) {
                        g = pooled.toFloatArray();
                    } else if (name.equals(ScalarHeadModel.HEAD_BIAS)) {
                        g = new float[] {1f};
                    } else {
                        g = enc.parameters().get(name).getGradient().toFloatArray();
                    }
                    for (float v : g) {
                        flat.add((double) v);
                    }
                }
                j[i] = flat.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        double maxK = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                maxK = Math.max(maxK, Math.abs(r.get(a, b)));
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double expected = 0;
                for (int p = 0; p < j[a].length; p++) {
                    expected += j[a][p] * j[b][p];
                }
                expected /= n;
                assertEquals(expected, r.get(a, b), 1e-4 * maxK,
                        "K(" + a + "," + b + ") vs explicit J J^T / N (1e-4 of max|K|)");
                assertEquals(r.get(a, b), r.get(b, a), 0.0, "K symmetric exactly");
            }
        }
        double[] ev = SymmetricEigen.eigenvalues(r.kernel());
        assertTrue(ev[n - 1] >= 0 && ev[0] > 0, "K PSD: eigenvalues " + java.util.Arrays.toString(ev));
        assertEquals(model.count(SMALL::contains), r.parameterCount(), "P of the subset");
    }

    @Test
    void subsetsSelectTheRightParameters() {
        Predicate<String> head = ScalarHeadModel.headOnly();
        assertEquals(385, model.count(head), "head: 384 weights + 1 bias");
        long perLayer = 4 * (384 * 384 + 384) + 2 * 2 * 384 + (384 * 1536 + 1536)
                + (1536 * 384 + 384);
        assertEquals(385 + perLayer, model.count(model.lastLayers(1)),
                "last layer + head (closed-form count of one BERT layer)");
        assertEquals(385 + 2 * perLayer, model.count(model.lastLayers(2)), "last 2 layers + head");
        assertEquals(enc.parameterCount() + 385, model.count(ScalarHeadModel.all()), "all");
        assertTrue(model.lastLayers(1).test("encoder.layer.5.output.dense.weight")
                && !model.lastLayers(1).test("encoder.layer.4.output.dense.weight")
                && !model.lastLayers(6).test("embeddings.word_embeddings.weight"),
                "layer membership by name");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.lastLayers(7));
        assertTrue(e.getMessage().contains("[0, 6]"), e.getMessage());
        try (NDManager scope = manager.newSubManager()) {
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(scope.zeros(new ai.djl.ndarray.types.Shape(2, 32))));
            assertTrue(bad.getMessage().contains("[N, 3, T]"), bad.getMessage());
        }
    }
}
