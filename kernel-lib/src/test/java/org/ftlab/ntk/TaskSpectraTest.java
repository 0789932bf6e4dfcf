package org.ftlab.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.model.Autograd;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.spectrum.BetaFit;
import org.ftlab.spectrum.SymmetricEigen;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The §7.1 experiment end to end on a small scale: with the head-only subset the NTK has the
 * closed form {@code K_ij = (e_i · e_j + 1)/N} in the pooled embeddings {@code e}, so β of every
 * draw is checked against eq. (32) fitted to the eigenvalues of that independently built matrix;
 * mean and sd against the per-draw values; determinism and bad input.
 */
class TaskSpectraTest {

    static NDManager manager;
    static BertEncoder enc;
    static BertTokenizer tok;
    static ScalarHeadModel model;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        enc = PretrainedModels.load("minilm", manager);
        tok = PretrainedModels.tokenizer("minilm", 32);
        model = ScalarHeadModel.create(enc, 0, manager);
    }

    @AfterAll
    static void free() {
        model.close();
        tok.close();
        enc.close();
        manager.close();
    }

    private static TaskSpectrum run(int n, int draws, long seed) {
        return TaskSpectra.builder().setTask("stsb").optSamples(n).optDraws(draws).optSeed(seed)
                .optLayersTrained(0).build().run(model, tok);
    }

    @Test
    void headOnlyBetaEqualsFitOfClosedFormKernel() {
        int n = 12;
        TaskSpectrum s = run(n, 2, 5);
        assertEquals(2, s.draws().size(), "two draws");
        List<Example> train = Datasets.load("stsb").train();
        for (int r = 0; r < 2; r++) {
            List<Example> picked = Datasets.sample(train, n, 5 + r);
            float[] e = Autograd.noGrad(() -> {
                try (NDManager m = NDManager.newBaseManager()) {
                    return enc.embed(EncoderNtk.tokenize(tok, picked), m).toFloatArray();
                }
            });
            int d = enc.hiddenSize();
            double[][] k = new double[n][n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double dot = 1;
                    for (int i = 0; i < d; i++) {
                        dot += (double) e[a * d + i] * e[b * d + i];
                    }
                    k[a][b] = dot / n;
                }
            }
            double[] ev = SymmetricEigen.eigenvalues(k);
            double expected = BetaFit.fit(ev).beta();
            TaskSpectrum.Draw draw = s.draws().get(r);
            assertEquals(expected, draw.beta(), 1e-3,
                    "draw " + r + ": beta vs eq. (32) on the closed-form head-only kernel (1e-3)");
            assertEquals(ev[0], draw.eigenvalues()[0], 1e-4 * ev[0], "lambda_1 (1e-4 relative)");
            assertEquals(385, draw.parameterCount(), "head parameters");
        }
        double[] b = s.betas();
        assertEquals((b[0] + b[1]) / 2, s.betaMean(), 1e-12, "mean of two draws");
        assertEquals(Math.abs(b[0] - b[1]) / Math.sqrt(2), s.betaSd(), 1e-12,
                "sample sd of two values = |b0 - b1| / sqrt 2");
    }

    @Test
    void sameSeedSameNumbersOtherSeedOtherSample() {
        TaskSpectrum a = run(8, 1, 11);
        TaskSpectrum b = run(8, 1, 11);
        TaskSpectrum c = run(8, 1, 12);
        assertArrayEquals(a.draws().get(0).eigenvalues(), b.draws().get(0).eigenvalues(), 0.0,
                "same seed: identical eigenvalues");
        assertNotEquals(a.betaMean(), c.betaMean(), "different seed: a different sample");
    }

    @Test
    void implausibleKernelsAreRecognised() {
        double[][] ok = {{2, 1}, {1, 1}};
        assertEquals(null, TaskSpectra.implausible(ok), "a Gram matrix passes");
        double[][] cs = {{1, 2}, {2, 1}};
        assertTrue(TaskSpectra.implausible(cs).contains("Cauchy-Schwarz"), "|K_01| > sqrt(K_00 K_11)");
        double[][] nan = {{1, Double.NaN}, {Double.NaN, 1}};
        assertTrue(TaskSpectra.implausible(nan) != null, "NaN entry");
        double[][] huge = {{1e28, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertTrue(TaskSpectra.implausible(huge).contains("median"), "one corrupted row");
    }

    @Test
    void badInputNamesTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskSpectra.builder().setTask("imdb").build());
        assertTrue(e.getMessage().contains("task") && e.getMessage().contains("rte"),
                e.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> TaskSpectra.builder().setTask("rte").optSamples(1).build());
        assertTrue(n.getMessage().startsWith("samples"), n.getMessage());
    }
}
