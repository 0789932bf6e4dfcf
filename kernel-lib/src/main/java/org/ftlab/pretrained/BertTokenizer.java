package org.ftlab.pretrained;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The HuggingFace WordPiece tokenizer shipped with a pretrained encoder (lower-casing BERT
 * vocabulary of 30,522 tokens), through DJL's binding of the Rust {@code tokenizers} library.
 *
 * <p>Single sentences become {@code [CLS] a [SEP]} (type ids 0); pairs become
 * {@code [CLS] a [SEP] b [SEP]} (type ids 0 up to the first {@code [SEP]}, 1 after). Sequences
 * longer than {@link #maxLength()} (special tokens included) are truncated longest-first; a batch
 * is right-padded with {@code [PAD]} = 0, mask 0, type 0 to its longest row. Truncation and
 * padding settings stored inside {@code tokenizer.json} are overridden by these.
 */
public final class BertTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private BertTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /**
     * Loads a {@code tokenizer.json} from a stream.
     *
     * @param maxLength at most this many tokens per row, special tokens included, in [4, 512]
     */
    static BertTokenizer load(InputStream tokenizerJson, String source, int maxLength)
            throws IOException {
        if (maxLength < 4 || maxLength > 512) {
            throw new IllegalArgumentException(
                    "maxLength must be in [4, 512], got " + maxLength + " (" + source + ")");
        }
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "padding", "false", // padding to the batch's longest row is done here
                "truncation", "LONGEST_FIRST",
                "maxLength", Integer.toString(maxLength),
                "modelMaxLength", "512");
        return new BertTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, options), maxLength);
    }

    /** Most tokens per row, special tokens included. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Tokenizes single sentences.
     *
     * @throws IllegalArgumentException if the list is empty or holds a null
     */
    public Tokenized encode(List<String> sentences) {
        check(sentences, "sentences");
        return pad(tokenizer.batchEncode(sentences.toArray(new String[0])));
    }

    /** Tokenizes one sentence (a batch of one, no padding). */
    public Tokenized encode(String sentence) {
        return encode(List.of(sentence));
    }

    /**
     * Tokenizes sentence pairs {@code (first[i], second[i])}, e.g. premise and hypothesis.
     *
     * @throws IllegalArgumentException if the lists are empty, of different sizes or hold a null
     */
    public Tokenized encodePairs(List<String> first, List<String> second) {
        check(first, "first");
        check(second, "second");
        if (first.size() != second.size()) {
            throw new IllegalArgumentException("first has " + first.size()
                    + " sentences but second has " + second.size());
        }
        PairList<String, String> pairs = new PairList<>(first, second);
        return pad(tokenizer.batchEncode(pairs));
    }

    /** The WordPiece tokens of one sentence, with special tokens, for inspection. */
    public List<String> tokens(String sentence) {
        if (sentence == null) {
            throw new IllegalArgumentException("sentence must not be null");
        }
        return List.of(tokenizer.encode(sentence).getTokens());
    }

    private static void check(List<String> s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must hold at least one sentence");
        }
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i) == null) {
                throw new IllegalArgumentException(what + "[" + i + "] is null");
            }
        }
    }

    private static Tokenized pad(Encoding[] enc) {
        int t = 0;
        for (Encoding e : enc) {
            t = Math.max(t, e.getIds().length);
        }
        long[][] ids = new long[enc.length][t];
        long[][] mask = new long[enc.length][t];
        long[][] types = new long[enc.length][t];
        for (int i = 0; i < enc.length; i++) {
            long[] id = enc[i].getIds();
            long[] ty = enc[i].getTypeIds();
            System.arraycopy(id, 0, ids[i], 0, id.length);
            System.arraycopy(ty, 0, types[i], 0, ty.length);
            java.util.Arrays.fill(mask[i], 0, id.length, 1L);
        }
        return new Tokenized(ids, mask, types);
    }

    /** Frees the native tokenizer. */
    @Override
    public void close() {
        tokenizer.close();
    }
}
