package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

import java.util.List;

class PretrainedModelsTest {

    @Test
    void namesAndAliasesResolve() {
        assertEquals(List.of("all-minilm-l6-v2", "minilm", "bge-small-en-v1.5", "bge"),
                PretrainedModels.names(), "accepted names");
        assertEquals(PretrainedModels.Spec.MINILM, PretrainedModels.spec(" MiniLM "), "alias");
        assertEquals(PretrainedModels.Spec.BGE, PretrainedModels.spec("BGE-small-en-v1.5"), "name");
        assertEquals(PretrainedModels.Spec.MINILM, PretrainedModels.spec(PretrainedModels.DEFAULT),
                "default");
    }

    @Test
    void unknownNameListsAcceptedOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PretrainedModels.load("gpt2", m));
            assertTrue(e.getMessage().contains("'gpt2'")
                    && e.getMessage().contains("all-minilm-l6-v2, minilm, bge-small-en-v1.5, bge"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PretrainedModels.tokenizer(null, 16));
        assertTrue(e.getMessage().contains("accepted"), e.getMessage());
    }
}
