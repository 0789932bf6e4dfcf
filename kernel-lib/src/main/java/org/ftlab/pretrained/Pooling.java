package org.ftlab.pretrained;

/** How a sequence of hidden states {@code [B, T, d]} becomes one sentence embedding {@code [B, d]}. */
public enum Pooling {
    /**
     * Average of the hidden states of the real (mask = 1) tokens, as in sentence-transformers'
     * all-MiniLM-L6-v2: {@code sum_t m_t h_t / max(sum_t m_t, 1e-9)}.
     */
    MEAN,
    /** Hidden state of the first token ({@code [CLS]}), as in bge-small-en-v1.5. */
    CLS
}
