package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

/** Sentence embeddings behave as sentence embeddings should; the padding mask works. */
class BertEncoderTest {

    static NDManager manager;
    static BertEncoder minilm;
    static BertTokenizer tokenizer;

    static final String GUITAR = "A man is playing a guitar.";
    static final String PARAPHRASE = "Someone is playing an acoustic guitar.";
    static final String UNRELATED = "The stock market fell sharply today.";

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        minilm = PretrainedModels.load(manager);
        tokenizer = PretrainedModels.tokenizer(PretrainedModels.DEFAULT, 64);
    }

    @AfterAll
    static void free() {
        tokenizer.close();
        minilm.close();
        manager.close();
    }

    @Test
    void defaultModelIsMiniLmWithItsPublishedShape() {
        assertEquals("all-minilm-l6-v2", minilm.name(), "default model");
        assertEquals(6, minilm.numLayers(), "layers");
        assertEquals(384, minilm.hiddenSize(), "hidden");
        assertEquals(12, minilm.numHeads(), "heads");
        assertEquals(Pooling.MEAN, minilm.pooling(), "pooling");
        // 30522*384 + 512*384 + 2*384 + 2*384 + 6 * (4*(384*384+384) + 2*2*384
        //   + 384*1536 + 1536 + 1536*384 + 384) = 22,565,376 (the model card's 22.7 M)
        assertEquals(22_565_376L, minilm.parameterCount(), "parameter count from the BERT shapes");
        assertEquals(101, minilm.parameters().size(), "5 embedding tensors + 6 x 16 per layer");
        assertTrue(minilm.parameters().values().stream().allMatch(NDArray::hasGradient),
                "every parameter requires a gradient");
        assertEquals(List.of(1536L, 384L), List.of(
                minilm.parameters().get("encoder.layer.0.intermediate.dense.weight").getShape()
                        .getShape()[0],
                minilm.parameters().get("encoder.layer.0.intermediate.dense.weight").getShape()
                        .getShape()[1]), "linear weights are [out, in]");
    }

    @Test
    void paraphraseIsCloserThanUnrelatedSentence() {
        double[] miniLm = cosines(minilm, tokenizer);
        System.out.printf("MiniLM cosine: paraphrase %.4f, unrelated %.4f%n", miniLm[0], miniLm[1]);
        assertTrue(miniLm[0] > miniLm[1] + 0.3, "MiniLM: cos(paraphrase) = " + miniLm[0]
                + " should exceed cos(unrelated) = " + miniLm[1] + " by 0.3");
        try (BertEncoder bge = PretrainedModels.load("bge", manager);
                BertTokenizer bgeTok = PretrainedModels.tokenizer("bge", 64)) {
            assertEquals(Pooling.CLS, bge.pooling(), "BGE pooling");
            assertEquals(12, bge.numLayers(), "BGE layers");
            assertEquals(33_212_160L, bge.parameterCount(), "BGE parameter count");
            double[] b = cosines(bge, bgeTok);
            System.out.printf("BGE cosine: paraphrase %.4f, unrelated %.4f%n", b[0], b[1]);
            assertTrue(b[0] > b[1] + 0.1, "BGE: cos(paraphrase) = " + b[0]
                    + " should exceed cos(unrelated) = " + b[1] + " by 0.1");
        }
    }

    private static double[] cosines(BertEncoder enc, BertTokenizer tok) {
        try (NDManager scope = manager.newSubManager()) {
            float[] e = enc.embed(tok.encode(List.of(GUITAR, PARAPHRASE, UNRELATED)), scope)
                    .toFloatArray();
            int d = enc.hiddenSize();
            return new double[] {cos(e, 0, 1, d), cos(e, 0, 2, d)};
        }
    }

    static double cos(float[] e, int i, int j, int d) {
        double dot = 0;
        double ni = 0;
        double nj = 0;
        for (int k = 0; k < d; k++) {
            dot += e[i * d + k] * e[j * d + k];
            ni += e[i * d + k] * e[i * d + k];
            nj += e[j * d + k] * e[j * d + k];
        }
        return dot / Math.sqrt(ni * nj);
    }

    @Test
    @Tag("cpu-dispatch")
    void paddingDoesNotChangeTheEmbedding() {
        // a short sentence padded inside a batch with a long one vs the same sentence alone
        String longOne = "Several children are running through the park chasing a large red kite.";
        try (NDManager scope = manager.newSubManager()) {
            Tokenized batch = tokenizer.encode(List.of("Hi there.", longOne));
            assertTrue(batch.realLength(0) < batch.length(), "row 0 must be padded");
            float[] padded = minilm.embed(batch, scope).toFloatArray();
            float[] alone = minilm.embed(tokenizer.encode("Hi there."), scope).toFloatArray();
            double maxDiff = 0;
            for (int k = 0; k < 384; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(padded[k] - alone[k]));
            }
            // float32 round-off of other matmul shapes, not a mask leak: eps 6e-8 x sqrt(1536), the
            // longest accumulation, x 6 layers = 1.4e-5 for entries below 1; measured up to 7e-7
            assertTrue(maxDiff < 1e-5,
                    "pooled embedding changes by " + maxDiff + " (> 1e-5) when padded");
        }
    }

    @Test
    void badInputsAreRejectedWithNamedArguments() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray ids = scope.create(new long[] {101, 7592, 102}, new ai.djl.ndarray.types.Shape(1, 3));
            NDArray wrongMask = scope.ones(new ai.djl.ndarray.types.Shape(1, 4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> minilm.forward(ids, wrongMask, null));
            assertTrue(e.getMessage().contains("attentionMask"), e.getMessage());
            NDArray tooLong = scope.zeros(new ai.djl.ndarray.types.Shape(1, 513),
                    ai.djl.ndarray.types.DataType.INT64);
            e = assertThrows(IllegalArgumentException.class, () -> minilm.forward(tooLong, null, null));
            assertTrue(e.getMessage().contains("512"), e.getMessage());
            NDArray flat = scope.create(new long[] {101, 102});
            e = assertThrows(IllegalArgumentException.class, () -> minilm.forward(flat, null, null));
            assertTrue(e.getMessage().contains("inputIds"), e.getMessage());
        }
    }
}
