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
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

/**
 * The head appended at layer k ({@link EncoderFineTuner.Builder#optLayer}, paper 1 §5.1): k = L is the
 * default path exactly; a probe at k < L sees other features; LAST_K under a head at layer k trains
 * only the layer just below it; k out of range names the argument.
 */
class AppendedLayerTest {

    static EncoderFineTuner.Builder tiny(Dataset d, EncoderFineTuner.Mode mode) {
        return EncoderFineTuner.builder().setModel("minilm").setTask(d).setTrainSize(16).optMode(mode).optEpochs(2)
                .optBatchSize(8).optMaxLength(16).optTestSize(24).optSeed(3)
                .optLearningRate(mode == EncoderFineTuner.Mode.PROBE ? 1e-2 : 1e-3);
    }

    @Test
    void layerLIsTheDefaultAndLastKUnderLayer3TrainsOnlyLayer2() {
        // one intra-op thread (two crawl on a busy 2-core machine)
        org.ftlab.model.Autograd.withIntraOpThreads(1, () -> {
            check();
            return null;
        });
    }

    private static void check() {
        Dataset rte = Datasets.load("rte");
        try (NDManager m = NDManager.newBaseManager();
                BertTokenizer tok = PretrainedModels.tokenizer("minilm", 16);
                BertEncoder enc = PretrainedModels.load("minilm", m)) {
            FineTuneResult def = tiny(rte, EncoderFineTuner.Mode.PROBE).build().run(enc, tok, m, System.nanoTime());
            FineTuneResult six = tiny(rte, EncoderFineTuner.Mode.PROBE).optLayer(6).build()
                    .run(enc, tok, m, System.nanoTime());
            assertArrayEquals(def.trainLoss(), six.trainLoss(), 0.0, "layer 6 of 6 = default, train loss exactly");
            assertArrayEquals(def.devLoss(), six.devLoss(), 0.0, "layer 6 of 6 = default, dev loss exactly");
            assertEquals(def.testAccuracy(), six.testAccuracy(), 0.0, "layer 6 of 6 = default, test accuracy");
            FineTuneResult three = tiny(rte, EncoderFineTuner.Mode.PROBE).optLayer(3).build()
                    .run(enc, tok, m, System.nanoTime());
            assertFalse(Arrays.equals(def.trainLoss(), three.trainLoss()), "layer 3 features differ from layer 6");

            Map<String, float[]> before = EncoderFineTunerTest.copy(enc);
            FineTuneResult k = tiny(rte, EncoderFineTuner.Mode.LAST_K).optLayer(3).optLastK(1).optPatience(5).build()
                    .run(enc, tok, m, System.nanoTime());
            int changed = 0;
            for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
                boolean same = Arrays.equals(before.get(e.getKey()), e.getValue().toFloatArray());
                if (e.getKey().startsWith("encoder.layer.2.")) {
                    changed += same ? 0 : 1;
                } else {
                    assertTrue(same, "LAST_K(1) under a head at layer 3 must leave " + e.getKey() + " bit-identical");
                }
            }
            if (k.bestEpoch() > 0) {
                assertTrue(changed > 0, "best epoch " + k.bestEpoch() + " > 0 must change layer index 2");
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tiny(rte, EncoderFineTuner.Mode.PROBE).optLayer(7).build().run(enc, tok, m, 0));
            assertTrue(e.getMessage().startsWith("layer: 7 exceeds the 6 layers"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> tiny(rte, EncoderFineTuner.Mode.LAST_K).optLayer(1).optLastK(2).build().run(enc, tok, m, 0));
            assertTrue(e.getMessage().startsWith("lastK: 2 exceeds the 1 layers below the head"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny(rte, EncoderFineTuner.Mode.PROBE).optLayer(-2).build());
        assertTrue(e.getMessage().startsWith("layer:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny(rte, EncoderFineTuner.Mode.LAST_K)
                .optFeatures(EncoderFineTuner.Features.SIAMESE).build());
        assertTrue(e.getMessage().startsWith("features:"), e.getMessage());
    }
}
