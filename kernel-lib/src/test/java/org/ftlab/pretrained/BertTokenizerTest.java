package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

/**
 * Token ids against the published BERT uncased vocabulary (hello = 7592, world = 2088, ! = 999,
 * [CLS] = 101, [SEP] = 102, [PAD] = 0), pair layout, truncation and padding.
 */
class BertTokenizerTest {

    @Test
    void singleSentenceHasClsAndSepAndKnownIds() {
        for (String model : List.of("minilm", "bge")) {
            try (BertTokenizer tok = PretrainedModels.tokenizer(model, 16)) {
                Tokenized t = tok.encode("Hello world!");
                assertArrayEquals(new long[] {101, 7592, 2088, 999, 102}, t.ids()[0],
                        model + ": ids of 'Hello world!' (lower-cased WordPiece)");
                assertArrayEquals(new long[] {1, 1, 1, 1, 1}, t.mask()[0], "mask");
                assertArrayEquals(new long[5], t.typeIds()[0], "type ids of a single sentence");
                assertEquals(List.of("[CLS]", "hello", "world", "!", "[SEP]"),
                        tok.tokens("HELLO World!"), "tokens (upper case folded)");
            }
        }
    }

    @Test
    void pairsGetSegmentIdsAndTwoSeparators() {
        try (BertTokenizer tok = PretrainedModels.tokenizer("minilm", 32)) {
            Tokenized t = tok.encodePairs(List.of("hello world", "hello"), List.of("world!", "world"));
            // [CLS] hello world [SEP] world ! [SEP]
            assertArrayEquals(new long[] {101, 7592, 2088, 102, 2088, 999, 102}, t.ids()[0], "ids");
            assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1, 1}, t.typeIds()[0], "type ids");
            // second pair is shorter: [CLS] hello [SEP] world [SEP] + 2 pads
            assertArrayEquals(new long[] {101, 7592, 102, 2088, 102, 0, 0}, t.ids()[1], "padded ids");
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0, 0}, t.mask()[1], "padded mask");
            assertArrayEquals(new long[] {0, 0, 0, 1, 1, 0, 0}, t.typeIds()[1], "padded type ids");
            assertEquals(5, t.realLength(1), "real length");
        }
    }

    @Test
    void truncationCountsSpecialTokensAndKeepsSep() {
        String longText = String.join(" ", java.util.Collections.nCopies(100, "word"));
        try (BertTokenizer tok = PretrainedModels.tokenizer("minilm", 10)) {
            Tokenized t = tok.encode(List.of(longText, "short"));
            assertEquals(10, t.length(), "truncated to maxLength");
            assertEquals(101, t.ids()[0][0], "[CLS] first");
            assertEquals(102, t.ids()[0][9], "[SEP] last");
            Tokenized p = tok.encodePairs(List.of(longText), List.of("hello world"));
            assertEquals(10, p.length(), "pair truncated to maxLength");
            assertEquals(2, Arrays.stream(p.ids()[0]).filter(id -> id == 102).count(),
                    "pair keeps both [SEP]");
            // longest-first: the long first sentence is cut, the short second one survives
            assertArrayEquals(new long[] {7592, 2088, 102},
                    Arrays.copyOfRange(p.ids()[0], 7, 10), "second sentence kept whole");
        }
    }

    @Test
    void ndListHasInt64ArraysOfBatchShape() {
        try (BertTokenizer tok = PretrainedModels.tokenizer("minilm", 16);
                NDManager m = NDManager.newBaseManager()) {
            Tokenized t = tok.encode(List.of("a b c", "a"));
            NDList l = t.toNDList(m);
            assertEquals(3, l.size(), "ids, mask, typeIds");
            assertArrayEquals(new long[] {2, 5}, l.get(0).getShape().getShape(), "shape");
            assertArrayEquals(new long[] {101, 1037, 102, 0, 0}, Arrays.copyOfRange(
                    l.get(0).toLongArray(), 5, 10), "row 1 of ids");
            Tokenized one = t.rows(1, 2);
            assertArrayEquals(t.ids()[1], one.ids()[0], "rows(1, 2)");
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PretrainedModels.tokenizer("minilm", 600));
        assertTrue(e.getMessage().contains("maxLength"), e.getMessage());
        try (BertTokenizer tok = PretrainedModels.tokenizer("minilm", 16)) {
            e = assertThrows(IllegalArgumentException.class, () -> tok.encode(List.of()));
            assertTrue(e.getMessage().contains("sentences"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> tok.encode(Arrays.asList("a", null)));
            assertTrue(e.getMessage().contains("sentences[1]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> tok.encodePairs(List.of("a", "b"), List.of("c")));
            assertTrue(e.getMessage().contains("second"), e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> new Tokenized(
                new long[][] {{101, 102}}, new long[][] {{1, 2}}, new long[][] {{0, 0}}));
        assertTrue(e.getMessage().contains("mask"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Tokenized(
                new long[][] {{101, 102}, {101}}, new long[][] {{1, 1}, {1}},
                new long[][] {{0, 0}, {0}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }
}
