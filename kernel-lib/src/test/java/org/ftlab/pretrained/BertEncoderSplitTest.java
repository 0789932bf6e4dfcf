package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.util.List;
import org.ftlab.model.Autograd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link BertEncoder#forward(ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray, int)} followed by {@link BertEncoder#forwardFrom} must reproduce
 * {@link BertEncoder#forward} bit for bit at every split point (same float32 operations), on a
 * padded batch of sentence pairs.
 */
@Tag("cpu-dispatch")
class BertEncoderSplitTest {
    @Test
    void splitForwardEqualsForwardBitForBit() {
        try (NDManager m = NDManager.newBaseManager();
                BertTokenizer tok = PretrainedModels.tokenizer("minilm", 24);
                BertEncoder enc = PretrainedModels.load("minilm", m)) {
            Tokenized t = tok.encodePairs(List.of("a short one", "the cat sat on the mat today"),
                    List.of("and its partner sentence", "no"));
            Autograd.noGrad(() -> {
                try (NDManager s = m.newSubManager()) {
                    NDList in = t.toNDList(s);
                    float[] full = enc.forward(in.get(0), in.get(1), in.get(2)).toFloatArray();
                    for (int j = 0; j <= enc.numLayers(); j++) {
                        NDArray h = enc.forward(in.get(0), in.get(1), in.get(2), j);
                        assertArrayEquals(full, enc.forwardFrom(h, in.get(1), j).toFloatArray(), 0f,
                                "split at layer " + j + " must equal forward exactly (tolerance 0)");
                    }
                    assertThrows(IllegalArgumentException.class,
                            () -> enc.forward(in.get(0), in.get(1), in.get(2), 7));
                    assertThrows(IllegalArgumentException.class, () -> enc.forwardFrom(
                            enc.forward(in.get(0), in.get(1), in.get(2), 2), in.get(1), -1));
                }
            });
        }
    }
}
