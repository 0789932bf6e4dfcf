package org.ftlab.ntk;

import static org.ftlab.ntk.NtkTestSupport.relDistance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;

import org.ejml.simple.SimpleEVD;
import org.ejml.simple.SimpleMatrix;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.pretrained.Tokenized;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

/**
 * The per-layer Gram NTK of MiniLM + scalar head ({@link LayerGramNtk}) against the
 * per-sample-gradient path ({@link EmpiricalNtk}), an independent computation: N = 5 sentence
 * pairs of at most 12 tokens, with padding, all 22.6 M parameters.
 */
class LayerGramNtkTest {

    /**
     * The per-sample path forms {@code J J^T} by one float32 matmul over all 22.6 M columns; its
     * own round-off against a float64 Gram was 1.3e-4 for one 590k-entry weight and its distance
     * to the per-layer Gram 1.1e-3 for all parameters when this test was written.
     */
    static final double AGREEMENT = 3e-3;

    /** Against a float64 Gram of per-sample gradients, the per-layer Gram was within 1e-7. */
    static final double FLOAT64_AGREEMENT = 2e-6;

    static NDManager manager;
    static BertEncoder enc;
    static ScalarHeadModel model;
    static Tokenized batch;
    static double[][] reference;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        enc = PretrainedModels.load("minilm", manager);
        model = ScalarHeadModel.create(enc, 3, manager);
        try (BertTokenizer tok = PretrainedModels.tokenizer("minilm", 12)) {
            batch = tok.encodePairs(
                    List.of("A man is playing a guitar on the stage tonight.", "Dogs run.",
                            "The cat sat.", "Stocks fell sharply in early trading on Monday.",
                            "A woman slices an onion."),
                    List.of("Someone plays music.", "Dogs are running fast in the park.",
                            "A cat sits.", "Markets dropped.", "A man cuts a tomato."));
        }
        reference = EncoderNtk.compute(model, batch, EncoderNtk.ALL, quiet(),
                EncoderNtk.Method.PER_SAMPLE_GRADIENTS).kernel();
    }

    @AfterAll
    static void free() {
        model.close();
        enc.close();
        manager.close();
    }

    static EmpiricalNtk.Builder quiet() {
        return EmpiricalNtk.builder().optProgress((d, t) -> { });
    }

    @Test
    void batchHasPaddingAndTruncation() {
        int shortest = Integer.MAX_VALUE;
        for (int i = 0; i < batch.batchSize(); i++) {
            shortest = Math.min(shortest, batch.realLength(i));
        }
        assertTrue(shortest < batch.length(), "fixture must contain padded rows");
        assertEquals(12, batch.length(), "fixture must reach the 12-token limit");
    }

    @Test
    void allParametersAgreeWithPerSampleGradients() {
        // chunks of 2 exercise cross-chunk blocks with different padded lengths
        for (int chunk : new int[] {0, 2}) {
            for (int strategy : new int[] {LayerGramNtk.TOKEN_GRAM, LayerGramNtk.GRADIENTS}) {
                NtkResult r = EncoderNtk.compute(model, batch, ScalarHeadModel.all(), quiet(),
                        EncoderNtk.Method.LAYER_GRAM, chunk, strategy);
                double d = relDistance(r.kernel(), reference);
                assertTrue(d < AGREEMENT, "chunk " + chunk + " strategy " + strategy
                        + ": relative Frobenius distance to per-sample gradients " + d
                        + " >= " + AGREEMENT);
                assertEquals(model.count(ScalarHeadModel.all()), r.parameterCount(),
                        "parameter count");
            }
        }
    }

    /**
     * The two computations of the linear weights' Grams, token Grams and per-sample weight
     * gradients, on all parameters: held chunks of different padded lengths stacked (chunk 2,
     * default budget) and chunks streamed against held ones (a 17 MB budget holds one chunk of
     * one sample; the others are recomputed). Both sum float32 products of the same signals in
     * double, in different orders: their distance was 2e-7 when this test was written.
     */
    @Test
    void gradientBlocksAgreeWithTokenGrams() {
        double tolerance = 1e-5;
        for (long budget : new long[] {256L << 20, 17L << 20}) {
            int chunk = budget > (100L << 20) ? 2 : 0;
            NtkResult tok = EncoderNtk.compute(model, batch, ScalarHeadModel.all(),
                    quiet().optMemoryBudgetBytes(budget), EncoderNtk.Method.LAYER_GRAM, chunk,
                    LayerGramNtk.TOKEN_GRAM);
            NtkResult grad = EncoderNtk.compute(model, batch, ScalarHeadModel.all(),
                    quiet().optMemoryBudgetBytes(budget), EncoderNtk.Method.LAYER_GRAM, chunk,
                    LayerGramNtk.GRADIENTS);
            double d = relDistance(grad.kernel(), tok.kernel());
            assertTrue(d < tolerance, "budget " + budget + ": gradient blocks vs token Grams,"
                    + " relative Frobenius distance " + d + " >= " + tolerance);
            assertTrue(relDistance(grad.kernel(), reference) < AGREEMENT,
                    "budget " + budget + ": gradient blocks vs per-sample gradients >= "
                            + AGREEMENT);
        }
    }

    @Test
    void parameterSubsetsAgreeWithPerSampleGradients() {
        List<Predicate<String>> subsets = List.of(model.lastLayers(1),
                name -> name.startsWith("embeddings."), name -> name.endsWith("LayerNorm.weight")
                        || name.endsWith(".bias"));
        for (int s = 0; s < subsets.size(); s++) {
            double[][] ref = EncoderNtk.compute(model, batch, subsets.get(s), quiet(),
                    EncoderNtk.Method.PER_SAMPLE_GRADIENTS, 0, 0).kernel();
            double[][] k = EncoderNtk.compute(model, batch, subsets.get(s), quiet(),
                    EncoderNtk.Method.LAYER_GRAM, 2, 0).kernel();
            double d = relDistance(k, ref);
            assertTrue(d < AGREEMENT, "subset " + s + ": relative distance " + d + " >= "
                    + AGREEMENT);
        }
    }

    @Test
    void linearWeightsMatchFloat64GramOfPerSampleGradients() {
        int n = batch.batchSize();
        for (String name : List.of("encoder.layer.5.intermediate.dense.weight")) {
            NamedParameter p = model.parameters().stream().filter(q -> q.name().equals(name))
                    .findFirst().orElseThrow();
            double[][] g = new double[n][];
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = ScalarHeadModel.pack(batch, m);
                for (int i = 0; i < n; i++) {
                    Autograd.zeroGradients(model.parameters());
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(model.forward(x.get(new NDIndex("{}:{}", i, i + 1))).sum());
                    }
                    float[] f = p.array().getGradient().toFloatArray();
                    g[i] = new double[f.length];
                    for (int q = 0; q < f.length; q++) {
                        g[i][q] = f[q];
                    }
                }
            }
            double[][] ref = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < g[i].length; q++) {
                        s += g[i][q] * g[j][q];
                    }
                    ref[i][j] = s / n;
                }
            }
            Predicate<String> one = name::equals;
            for (int strategy : new int[] {LayerGramNtk.TOKEN_GRAM, LayerGramNtk.GRADIENTS}) {
                double[][] k = EncoderNtk.compute(model, batch, one, quiet(),
                        EncoderNtk.Method.LAYER_GRAM, 2, strategy).kernel();
                double d = relDistance(k, ref);
                assertTrue(d < FLOAT64_AGREEMENT, name + " strategy " + strategy
                        + ": relative distance to the float64 Gram " + d + " >= "
                        + FLOAT64_AGREEMENT);
            }
        }
    }

    @Test
    void symmetricAndPositiveSemidefinite() {
        double[][] k = EncoderNtk.compute(model, batch, EncoderNtk.ALL, quiet()).kernel();
        for (int i = 0; i < k.length; i++) {
            for (int j = 0; j < k.length; j++) {
                assertEquals(k[i][j], k[j][i], 0.0, "K must be exactly symmetric");
            }
        }
        SimpleEVD<SimpleMatrix> evd = new SimpleMatrix(k).eig();
        double max = 0;
        double min = Double.MAX_VALUE;
        for (int i = 0; i < k.length; i++) {
            max = Math.max(max, evd.getEigenvalue(i).getReal());
            min = Math.min(min, evd.getEigenvalue(i).getReal());
        }
        assertTrue(min > -1e-5 * max, "smallest eigenvalue " + min + " below -1e-5 lambda_1 "
                + max);
    }

    @Test
    void headOnlyIsThePooledFeatureGram() {
        NtkResult r = EncoderNtk.compute(model, batch, 0, quiet());
        int n = batch.batchSize();
        float[] pooled;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = ScalarHeadModel.pack(batch, m);
            pooled = model.pooled(x).toFloatArray();
        }
        int d = pooled.length / n;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int q = 0; q < d; q++) {
                    dot += pooled[i * d + q] * pooled[j * d + q];
                }
                double expect = (dot + 1) / n;
                worst = Math.max(worst, Math.abs(r.get(i, j) - expect) / Math.abs(expect));
            }
        }
        assertTrue(worst < 1e-5, "(pool_i . pool_j + 1)/N: worst relative error " + worst
                + " >= 1e-5");
        assertEquals(d + 1, r.parameterCount(), "head parameters");
    }

    @Test
    void extraPaddingChangesNothing() {
        int n = batch.batchSize();
        int t = batch.length() + 5;
        long[][] ids = new long[n][t];
        long[][] mask = new long[n][t];
        long[][] types = new long[n][t];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.ids()[i], 0, ids[i], 0, batch.length());
            System.arraycopy(batch.mask()[i], 0, mask[i], 0, batch.length());
            System.arraycopy(batch.typeIds()[i], 0, types[i], 0, batch.length());
            for (int s = batch.length(); s < t; s++) {
                ids[i][s] = 1037; // a real token id under a zero mask: must contribute nothing
                types[i][s] = 1;
            }
        }
        Tokenized padded = new Tokenized(ids, mask, types);
        double[][] a = EncoderNtk.compute(model, batch, EncoderNtk.ALL, quiet()).kernel();
        double[][] b = EncoderNtk.compute(model, padded, EncoderNtk.ALL, quiet()).kernel();
        double d = relDistance(b, a);
        assertTrue(d < 1e-5, "padding columns changed K by " + d + " (relative, >= 1e-5)");
    }

    @Test
    void sketchIsCloseWithinItsStatedError() {
        // 6 sketches with different seeds: mean squared relative error vs mean squared
        // predicted error; each ratio is random, the mean of 6 within a factor 3 either way
        double measured = 0;
        double predicted = 0;
        int runs = 6;
        double[][] exact = EncoderNtk.compute(model, batch, EncoderNtk.ALL, quiet()).kernel();
        double trace = 0;
        for (int r = 0; r < exact.length; r++) {
            trace += exact[r][r];
        }
        for (int s = 0; s < runs; s++) {
            NtkResult k = EncoderNtk.compute(model, batch, EncoderNtk.ALL, quiet()
                    .optMode(EmpiricalNtk.Mode.SKETCH).optSketchDim(64).optSeed(s));
            double e = relDistance(k.kernel(), exact);
            measured += e * e;
            predicted += k.expectedRelativeError() * k.expectedRelativeError();
            assertEquals(trace, k.trace(), 1e-5 * trace,
                    "sketch trace equals the exact kernel's (1e-5 rel)");
        }
        double ratio = Math.sqrt(measured / predicted);
        assertTrue(ratio > 1.0 / 3 && ratio < 3, "rms measured/predicted error " + ratio
                + " outside [1/3, 3] (measured rms " + Math.sqrt(measured / runs) + ")");
    }

    @Test
    void sketchIsDeterministicPerSeed() {
        EmpiricalNtk.Builder o = quiet().optMode(EmpiricalNtk.Mode.SKETCH).optSketchDim(32);
        double[][] a = EncoderNtk.compute(model, batch, EncoderNtk.ALL, o.optSeed(11)).kernel();
        double[][] b = EncoderNtk.compute(model, batch, 1, quiet()
                .optMode(EmpiricalNtk.Mode.SKETCH).optSketchDim(32).optSeed(11)).kernel();
        double[][] c = EncoderNtk.compute(model, batch, EncoderNtk.ALL, quiet()
                .optMode(EmpiricalNtk.Mode.SKETCH).optSketchDim(32).optSeed(11)).kernel();
        assertEquals(0.0, relDistance(c, a), 0.0, "same seed, same sketch");
        assertTrue(relDistance(b, a) > 0, "a subset gives another kernel");
    }
}
