package org.ftlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.ftlab.data.Dataset;
import org.ftlab.data.Datasets;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tiny runs of {@link EncoderFineTuner} on RTE (16 examples, 16 tokens): PROBE leaves every encoder
 * weight bit-identical, LAST_K(1) changes only the last layer, equal seeds give equal numbers, and
 * the reported metrics are consistent with their definitions.
 */
class EncoderFineTunerTest {
    static Dataset rte;

    @BeforeAll
    static void load() {
        rte = Datasets.load("rte");
    }

    static EncoderFineTuner.Builder tiny(EncoderFineTuner.Mode mode) {
        return EncoderFineTuner.builder().setModel("minilm").setTask(rte).setTrainSize(16).optMode(mode)
                .optEpochs(2).optBatchSize(8).optMaxLength(16).optTestSize(24).optSeed(3)
                .optLearningRate(mode == EncoderFineTuner.Mode.PROBE ? 1e-2 : 1e-3);
    }

    static Map<String, float[]> copy(BertEncoder enc) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
            out.put(e.getKey(), e.getValue().toFloatArray());
        }
        return out;
    }

    @Test
    void probeLeavesEncoderBitIdenticalAndLastKTouchesOnlyTheLastLayer() {
        try (NDManager m = NDManager.newBaseManager();
                BertTokenizer tok = PretrainedModels.tokenizer("minilm", 16);
                BertEncoder enc = PretrainedModels.load("minilm", m)) {
            Map<String, float[]> before = copy(enc);
            FineTuneResult r = tiny(EncoderFineTuner.Mode.PROBE).build().run(enc, tok, m, System.nanoTime());
            assertEquals(384 * 2 + 2, r.trainableParameters(), "probe trains W (384x2) and b (2)");
            for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
                assertArrayEquals(before.get(e.getKey()), e.getValue().toFloatArray(),
                        "PROBE must leave " + e.getKey() + " bit-identical");
            }
            FineTuneResult k = tiny(EncoderFineTuner.Mode.LAST_K).optLastK(1).optPatience(5).build()
                    .run(enc, tok, m, System.nanoTime());
            assertTrue(k.bestEpoch() > 0 || k.devLoss()[0] <= Arrays.stream(k.devLoss()).min().getAsDouble(),
                    "best epoch has the lowest dev loss: " + Arrays.toString(k.devLoss()));
            int changedLast = 0;
            for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
                boolean same = Arrays.equals(before.get(e.getKey()), e.getValue().toFloatArray());
                if (e.getKey().startsWith("encoder.layer.5.")) {
                    changedLast += same ? 0 : 1;
                } else {
                    assertTrue(same, "LAST_K(1) must leave " + e.getKey() + " bit-identical");
                }
            }
            if (k.bestEpoch() > 0) {
                assertTrue(changedLast > 0, "LAST_K(1) with best epoch " + k.bestEpoch()
                        + " must change layer 5");
            }
        }
    }

    @Test
    void sameSeedSameNumbersAndMetricsAreConsistent() {
        FineTuneResult a = tiny(EncoderFineTuner.Mode.PROBE).build().run();
        FineTuneResult b = tiny(EncoderFineTuner.Mode.PROBE).build().run();
        assertArrayEquals(a.trainLoss(), b.trainLoss(), 0.0, "same seed, same train losses (exact)");
        assertArrayEquals(a.devLoss(), b.devLoss(), 0.0, "same seed, same dev losses (exact)");
        assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0, "same seed, same test accuracy");
        assertEquals(a.testMacroF1(), b.testMacroF1(), 0.0, "same seed, same macro-F1");
        assertEquals(a.bestEpoch(), b.bestEpoch(), "same seed, same chosen epoch");
        assertEquals(16, a.trainSize() + a.devSize(), "train + hold-out = 16");
        assertEquals(2, a.devSize(), "10% of 16 rounds to 2 held out");
        assertEquals(24, a.testSize(), "test sample size");
        assertEquals(a.epochsRun() + 1, a.devLoss().length, "epoch 0 plus each epoch run");
        double minDev = Arrays.stream(a.devLoss()).min().getAsDouble();
        assertEquals(minDev, a.devLoss()[a.bestEpoch()], 0.0, "chosen epoch has the lowest dev loss");
        // accuracy is a multiple of 1/24, macro-F1 of 2 classes is at most 1 and finite
        assertEquals(Math.round(a.testAccuracy() * 24), a.testAccuracy() * 24, 1e-9, "accuracy = k/24");
        assertTrue(a.testMacroF1() >= 0 && a.testMacroF1() <= 1, "macro-F1 in [0, 1]");
        assertTrue(Double.isNaN(a.testMse()), "no MSE for classification");
        // the head starts from N(0, 1/d) logits: epoch-0 cross-entropy is near log 2 = 0.693
        assertTrue(Math.abs(a.trainLoss()[0] - Math.log(2)) < 0.5,
                "untrained 2-class cross-entropy near log 2 (0.5): " + a.trainLoss()[0]);
        assertEquals(1, a.charts().size(), "one loss-curve chart");
        assertTrue(a.summaryHtml().contains("chosen epoch"), a.summaryHtml());
        FineTuneResult c = tiny(EncoderFineTuner.Mode.PROBE).optSeed(4).build().run();
        assertFalse(Arrays.equals(a.trainLoss(), c.trainLoss()), "another seed, other numbers");
    }

    @Test
    void runOnKeepsWStarInTheEncoderAndReturnsTheHeadThatWasScored() {
        try (NDManager m = NDManager.newBaseManager();
                BertTokenizer tok = PretrainedModels.tokenizer("minilm", 16);
                BertEncoder enc = PretrainedModels.load("minilm", m);
                BertEncoder ref = PretrainedModels.load("minilm", m)) {
            Map<String, float[]> before = copy(enc);
            FineTuned t = tiny(EncoderFineTuner.Mode.LAST_K).optLastK(1).optPatience(5).build()
                    .runOn(enc);
            // same numbers as the package-private run on a fresh encoder (same seed)
            FineTuneResult r = tiny(EncoderFineTuner.Mode.LAST_K).optLastK(1).optPatience(5).build()
                    .run(ref, tok, m, System.nanoTime());
            assertArrayEquals(r.devLoss(), t.result().devLoss(), 0.0, "runOn = run, same seed (exact)");
            for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
                assertArrayEquals(ref.parameters().get(e.getKey()).toFloatArray(), e.getValue().toFloatArray(),
                        "runOn leaves the same w* as run in " + e.getKey());
            }
            if (t.result().bestEpoch() > 0) {
                assertFalse(Arrays.equals(before.get("encoder.layer.5.output.dense.bias"),
                        enc.parameters().get("encoder.layer.5.output.dense.bias").toFloatArray()),
                        "w* of layer 5 differs from w0 after a chosen epoch > 0");
            }
            assertEquals(384, t.inputs());
            assertEquals(2, t.outputs());
            assertEquals(384 * 2, t.headWeight().length, "W is [d, C] row-major");
            // independent scoring: argmax(pool(x) W + b) on the same 24 test examples gives the accuracy
            java.util.List<org.ftlab.data.Example> test = Datasets.sample(rte.test(), 24, 3);
            java.util.List<String> a = new java.util.ArrayList<>();
            java.util.List<String> b = new java.util.ArrayList<>();
            for (org.ftlab.data.Example e : test) {
                a.add(e.text1());
                b.add(e.text2());
            }
            float[] pooled = org.ftlab.model.Autograd.noGrad(() -> enc.embed(tok.encodePairs(a, b), m).toFloatArray());
            int correct = 0;
            for (int i = 0; i < test.size(); i++) {
                double[] z = new double[2];
                for (int c = 0; c < 2; c++) {
                    z[c] = t.headBias()[c];
                    for (int j = 0; j < 384; j++) {
                        z[c] += pooled[i * 384 + j] * t.headWeight()[j * 2 + c];
                    }
                }
                correct += (z[1] > z[0] ? 1 : 0) == test.get(i).label() ? 1 : 0;
            }
            assertEquals(t.result().testAccuracy(), correct / 24.0, 1e-12,
                    "the returned head scores the reported test accuracy (exact up to ties)");
            assertThrows(IllegalArgumentException.class, () -> tiny(EncoderFineTuner.Mode.PROBE).build().runOn(null));
        }
    }

    @Test
    void badArgumentsNameTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncoderFineTuner.builder().setModel("gpt2").setTask(rte).setTrainSize(16).build());
        assertTrue(e.getMessage().startsWith("model:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EncoderFineTuner.builder().setModel("minilm").setTask(rte).setTrainSize(1).build());
        assertTrue(e.getMessage().startsWith("trainSize:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EncoderFineTuner.builder().setModel("minilm")
                .setTask(rte).setTrainSize(16).optMaxLength(2).build());
        assertTrue(e.getMessage().startsWith("maxLength:"), e.getMessage());
    }
}
