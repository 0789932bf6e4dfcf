package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link BertEncoder#forward(ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray, int)}:
 * the hidden state after layer k (the backbone f_PT^k of paper 1, §5.1) equals, bit for bit, the last
 * hidden state of an independently built encoder that only has the first k layers' weights; k = L is
 * the ordinary forward pass; k outside [0, L] names the argument.
 */
@Tag("cpu-dispatch")
class HiddenLayerTest {

    @Test
    void layerKEqualsTruncatedEncoderAndLayerLEqualsForward() throws Exception {
        PretrainedModels.Spec spec = PretrainedModels.spec("minilm");
        Map<String, OnnxReader.Tensor> weights;
        try (InputStream in = PretrainedModels.class.getResourceAsStream(spec.onnx)) {
            weights = BertWeights.fromOnnx(OnnxReader.read(new BufferedInputStream(in, 1 << 20), spec.onnx),
                    spec.onnx);
        }
        try (NDManager m = NDManager.newBaseManager();
                BertEncoder full = new BertEncoder("full", BertWeights.config(weights, spec.heads, "full"),
                        spec.pooling, weights, m);
                BertTokenizer tok = PretrainedModels.tokenizer("minilm", 24)) {
            Tokenized batch = tok.encodePairs(List.of("A man is playing a guitar.", "The cat sat."),
                    List.of("Someone plays an instrument on a stage tonight.", "A dog ran."));
            for (int k : new int[] {0, 2, 5}) {
                Map<String, OnnxReader.Tensor> first = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxReader.Tensor> e : weights.entrySet()) {
                    String n = e.getKey();
                    boolean above = false;
                    for (int l = k; l < full.numLayers(); l++) {
                        above |= n.startsWith("encoder.layer." + l + ".");
                    }
                    if (!above) {
                        first.put(n, e.getValue());
                    }
                }
                BertConfig cfg = BertWeights.config(first, spec.heads, "first " + k);
                assertTrue(cfg.numLayers() == k, "truncated encoder has " + k + " layers, got " + cfg.numLayers());
                try (NDManager scope = m.newSubManager();
                        BertEncoder truncated = new BertEncoder("first" + k, cfg, spec.pooling, first, m)) {
                    float[] expected = truncated.embed(batch, scope).toFloatArray();
                    float[] got = full.embed(batch, scope, k).toFloatArray();
                    assertArrayEquals(expected, got, 0f,
                            "pooled layer-" + k + " state = truncated encoder's pooled output, exactly (tol 0)");
                }
            }
            try (NDManager scope = m.newSubManager()) {
                assertArrayEquals(full.embed(batch, scope).toFloatArray(),
                        full.embed(batch, scope, full.numLayers()).toFloatArray(), 0f,
                        "layer L is the ordinary forward pass, exactly (tol 0)");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> full.embed(batch, scope, 7));
                assertTrue(e.getMessage().startsWith("layer: 7"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> full.embed(batch, scope, -1));
                assertTrue(e.getMessage().startsWith("layer: -1"), e.getMessage());
            }
        }
    }
}
