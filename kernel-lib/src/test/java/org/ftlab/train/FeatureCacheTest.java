package org.ftlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.model.Autograd;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The per-encoder {@link FeatureCache}: an example's features do not depend on which other examples
 * were encoded in the same call (each is encoded alone), so two caches filled in different orders and
 * with different companions hold bit-identical rows; checked under every CPU dispatch by the extra
 * pass of {@code ./ftlab test}.
 */
@Tag("cpu-dispatch")
class FeatureCacheTest {

    @Test
    void featuresDoNotDependOnTheOtherExamplesEncodedWithThem() {
        List<Example> stsb = Datasets.load("stsb").train().subList(0, 64);
        try (NDManager m = NDManager.newBaseManager();
                BertTokenizer tok = PretrainedModels.tokenizer("minilm", 32);
                BertEncoder enc = PretrainedModels.load("minilm", m)) {
            Autograd.withIntraOpThreads(1, () -> {
                for (boolean siamese : new boolean[] {false, true}) {
                    List<Example> ex = siamese ? stsb.subList(0, 24) : stsb;
                    String what = siamese ? "SIAMESE" : "POOLED";
                    // one cache asked for all examples in one call, another for one example per call
                    // (when the missing examples were encoded together in batches of 32, row 39 came out
                    // as -0.73337066 in a batch and -0.73337084 alone under AVX-512: this test failed)
                    FeatureCache all = new FeatureCache(enc, tok, enc.numLayers(), siamese, m);
                    float[][] a = all.features(ex);
                    assertEquals(ex.size(), all.encodedCount(), what + ": each example encoded once");
                    FeatureCache other = new FeatureCache(enc, tok, enc.numLayers(), siamese, m);
                    for (int i = ex.size() - 1; i >= 0; i--) {
                        float[] b = other.features(List.of(ex.get(i), ex.get(i)))[1];
                        assertArrayEquals(a[i], b, 0f, what + " row " + i + ": features encoded with other "
                                + "companions must be bit-identical (tolerance 0: each example is encoded alone)");
                    }
                    assertEquals(ex.size(), other.encodedCount(), what + ": a repeated example is encoded once");
                    try (NDManager scope = m.newSubManager()) {
                        assertArrayEquals(a[7], FeatureCache.encodeAlone(ex.get(7), enc, tok, enc.numLayers(),
                                siamese, scope), 0f, what + ": the cache's row 7 is encodeAlone's, bit for bit");
                    }
                    assertEquals(siamese ? 2 * enc.hiddenSize() : enc.hiddenSize(), a[0].length,
                            what + ": feature dimension");
                }
                return null;
            });
            List<Example> mixed = List.of(stsb.get(0), Example.classification("single", null, 0, "X/t.tsv", 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new FeatureCache(enc, tok, enc.numLayers(), true, m).features(mixed));
            assertTrue(e.getMessage().startsWith("examples: SIAMESE features need all pairs"), e.getMessage());
        }
    }
}
