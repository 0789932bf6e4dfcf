package org.ftlab.pretrained;

/**
 * Shape hyper-parameters of a BERT encoder, read off the weight shapes (all but the number of
 * heads, which the weights do not determine).
 *
 * @param vocabSize rows of {@code embeddings.word_embeddings.weight}
 * @param hiddenSize width d of every hidden state
 * @param numLayers number of transformer layers
 * @param numHeads attention heads per layer; head dimension is {@code hiddenSize / numHeads}
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositions rows of {@code embeddings.position_embeddings.weight}
 * @param typeVocabSize rows of {@code embeddings.token_type_embeddings.weight}
 * @param layerNormEps epsilon of every LayerNorm (1e-12 in BERT)
 */
record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps) {

    BertConfig {
        if (numHeads <= 0 || hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException(
                    "numHeads " + numHeads + " must be positive and divide hiddenSize " + hiddenSize);
        }
    }

    int headDim() {
        return hiddenSize / numHeads;
    }
}
