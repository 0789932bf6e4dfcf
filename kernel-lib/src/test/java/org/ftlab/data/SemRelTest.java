package org.ftlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SemRel2024 loader on small CSV files written here in the documented format (PairID,Text,Score;
 * Text = "sentence1\nsentence2" in quotes). The sentences are made up for the test: no SemRel data is
 * stored in this repository.
 */
class SemRelTest {

    @TempDir
    Path tmp;

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static final String GOOD = "PairID,Text,Score\n"
            + "ENG-train-0000,\"The cat sleeps on the mat.\nA cat is asleep on a mat.\",1.0\n"
            + "ENG-train-0001,\"He said \"\"no\"\", twice.\nShe agreed, reluctantly.\",0.25\n"
            + "ENG-train-0002,\"Rain, then sun.\nThe market opened late.\",0\n";

    @Test
    void parsesTheDocumentedFormat() throws IOException {
        List<Example> xs = SemRel.parse(write("eng_train.csv", GOOD));
        assertEquals(3, xs.size(), "three records");
        assertEquals("The cat sleeps on the mat.", xs.get(0).text1(), "sentence 1 = text before the line break");
        assertEquals("A cat is asleep on a mat.", xs.get(0).text2(), "sentence 2 = text after the line break");
        assertEquals(1.0, xs.get(0).score(), 0.0, "score column");
        assertEquals("He said \"no\", twice.", xs.get(1).text1(), "\"\" is an escaped quote; commas inside quotes stay");
        assertEquals("She agreed, reluctantly.", xs.get(1).text2(), "comma inside quotes");
        assertEquals(0.25, xs.get(1).score(), 0.0, "score column");
        assertEquals(List.of(2, 4, 6), xs.stream().map(Example::line).toList(), "each record starts 2 lines after the previous");
    }

    @Test
    void loadsSplitsFromAFolderAndCrlfFiles() throws IOException {
        write("eng_train.csv", GOOD);
        write("eng_test_with_labels.csv", GOOD.replace("\n", "\r\n"));
        Dataset d = SemRel.load(tmp);
        assertEquals(TaskType.REGRESSION, d.taskType());
        assertEquals(1.0, d.scoreMax(), 0.0, "SemRel scores are in 0..1");
        assertEquals(3, d.train().size(), "train from eng_train.csv");
        assertEquals(3, d.test().size(), "test from eng_test_with_labels.csv (CRLF)");
        assertEquals("The cat sleeps on the mat.", d.test().get(0).text1(), "CR before the inner line break is dropped");
        assertFalse(d.has(Split.DEV), "no eng_dev_with_labels.csv supplied");
    }

    @Test
    void emptyFolderExplainsWhyNotShipped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SemRel.load(tmp));
        assertTrue(e.getMessage().contains("not shipped") && e.getMessage().contains("redistribut"), e.getMessage());
        assertTrue(e.getMessage().contains(SemRel.TRAIN_FILE), e.getMessage());
    }

    private void fails(String content, String expectedStart) throws IOException {
        Path p = write("bad.csv", content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SemRel.parse(p));
        assertTrue(e.getMessage().startsWith(p + expectedStart), "expected '" + p + expectedStart + "...', got: " + e.getMessage());
    }

    @Test
    void malformedRecordsNameTheLine() throws IOException {
        String h = "PairID,Text,Score\n";
        String ok = "A,\"x.\ny.\",0.5\n";
        fails("PairID,Text\nA,\"x.\ny.\"\n", ":1: no Score column");
        fails(h + ok + "B,\"only one sentence\",0.5\n", ":4: Text must hold two");
        fails(h + ok + "B,\"one\ntwo\nthree\",0.5\n", ":4: Text must hold two");
        fails(h + ok + "B,\"x.\ny.\",1.5\n", ":4: score 1.5 outside");
        fails(h + ok + "B,\"x.\ny.\",high\n", ":4: unparsable score 'high'");
        fails(h + ok + "B,\"x.\ny.\"\n", ":4: expected 3 comma-separated fields, found 2");
        fails(h + ok + "B,\"x.\ny.\",0.5,extra\n", ":4: expected 3 comma-separated fields, found 4");
        fails(h + ok + "B,x\"y,0.5\n", ":4: quote inside an unquoted field");
        fails(h + ok + "B,\"x.\ny.\"z,0.5\n", ":5: text after a closing quote");
        fails(h + ok + "B,\"x.\ny.,0.5\n", ":4: unclosed quote");
    }
}
