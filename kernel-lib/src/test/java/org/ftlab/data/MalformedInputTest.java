package org.ftlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strict parsing: each malformed input (written into a temporary copy of the shipped folder, with a
 * fresh MANIFEST so the checksum passes) fails with an IllegalArgumentException whose message starts
 * with {@code file:line: }.
 */
class MalformedInputTest {

    @TempDir
    Path tmp;

    private void fails(String dataset, Path root, String prefix, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(dataset, root),
                dataset + " must reject the malformed input");
        assertTrue(e.getMessage().startsWith(prefix), "message starts with '" + prefix + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "message mentions '" + fragment + "': " + e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one-line message: " + e.getMessage());
    }

    @Test
    void tsvWrongColumnCount() {
        Path root = TestRoots.copy(tmp, "RTE");
        TestRoots.replaceLine(root, "RTE/train.tsv", 3, "1\tA sentence.\tnot_entailment");
        fails("rte", root, "RTE/train.tsv:3: ", "expected 4 tab-separated columns, found 3");
    }

    @Test
    void tsvExtraTabIsNotSwallowed() {
        Path root = TestRoots.copy(tmp, "RTE");
        TestRoots.replaceLine(root, "RTE/dev.tsv", 10, "8\tOne \"quoted\ttext.\tOther.\tentailment");
        fails("rte", root, "RTE/dev.tsv:10: ", "found 5");
    }

    @Test
    void unparsableLabel() {
        Path root = TestRoots.copy(tmp, "RTE");
        TestRoots.replaceLine(root, "RTE/dev.tsv", 5, "3\tA.\tB.\tentails");
        fails("rte", root, "RTE/dev.tsv:5: ", "unparsable label 'entails'");
    }

    @Test
    void wrongHeader() {
        Path root = TestRoots.copy(tmp, "SST-2");
        TestRoots.replaceLine(root, "SST-2/dev.tsv", 1, "text\tlabel");
        fails("sst2", root, "SST-2/dev.tsv:1: ", "expected header");
    }

    @Test
    void stsScoreUnparsableOrOutOfRange() {
        Path root = TestRoots.copy(tmp, "STS-B");
        TestRoots.replaceLine(root, "STS-B/original/sts-dev.tsv", 7, "main-captions\tMSRvid\t2012test\t0009\t4.x\tA.\tB.");
        fails("stsb", root, "STS-B/original/sts-dev.tsv:7: ", "unparsable score '4.x'");
        TestRoots.replaceLine(root, "STS-B/original/sts-dev.tsv", 7, "main-captions\tMSRvid\t2012test\t0009\t5.5\tA.\tB.");
        fails("stsb", root, "STS-B/original/sts-dev.tsv:7: ", "score 5.5 outside 0.0..5.0");
        TestRoots.replaceLine(root, "STS-B/original/sts-dev.tsv", 7, "main-captions\tMSRvid\t2012test\t0009\tNaN\tA.\tB.");
        fails("stsb", root, "STS-B/original/sts-dev.tsv:7: ", "unparsable score 'NaN'");
        TestRoots.replaceLine(root, "STS-B/original/sts-dev.tsv", 7, "main-captions\tMSRvid\t2012test\t0009\t3\tA.\tB.\tx");
        fails("stsb", root, "STS-B/original/sts-dev.tsv:7: ", "expected 7 or 9 tab-separated columns, found 8");
    }

    @Test
    void sts2012FilesOutOfStep() {
        Path root = TestRoots.copy(tmp, "STS-2012");
        TestRoots.write(root, "STS-2012/train/STS.gs.MSRvid.txt", "5.000\n4.000\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("sts2012", root));
        assertTrue(e.getMessage().startsWith("STS-2012/train/STS.gs.MSRvid.txt: has 2 lines but STS-2012/train/STS.input.MSRvid.txt has 750"),
                e.getMessage());
    }

    @Test
    void malformedJsonLine() {
        Path root = TestRoots.copy(tmp, "CB");
        TestRoots.replaceLine(root, "CB/val.jsonl", 4, "{\"premise\": \"A.\", \"hypothesis\": \"B.\", \"label\": \"neutral\", \"idx\": 3");
        fails("cb", root, "CB/val.jsonl:4: ", "malformed JSON line");
        TestRoots.replaceLine(root, "CB/val.jsonl", 4, "{premise: 'A.', \"hypothesis\": \"B.\", \"label\": \"neutral\", \"idx\": 3}");
        fails("cb", root, "CB/val.jsonl:4: ", "malformed JSON line"); // lenient-only syntax
        TestRoots.replaceLine(root, "CB/val.jsonl", 4, "{\"premise\": \"A.\", \"hypothesis\": \"B.\", \"label\": \"neutral\", \"idx\": 3} x");
        fails("cb", root, "CB/val.jsonl:4: ", "malformed JSON line");
    }

    @Test
    void jsonKeysAndTypesAreChecked() {
        Path root = TestRoots.copy(tmp, "CB");
        TestRoots.replaceLine(root, "CB/train.jsonl", 2, "{\"premise\": \"A.\", \"hypothesis\": \"B.\", \"label\": 1, \"idx\": 1}");
        fails("cb", root, "CB/train.jsonl:2: ", "\"label\" must be a JSON string");
        TestRoots.replaceLine(root, "CB/train.jsonl", 2, "{\"premise\": \"A.\", \"premise\": \"C.\", \"hypothesis\": \"B.\", \"label\": \"neutral\", \"idx\": 1}");
        fails("cb", root, "CB/train.jsonl:2: ", "duplicate key \"premise\"");
        TestRoots.replaceLine(root, "CB/train.jsonl", 2, "{\"premise\": \"A.\", \"hypothesis\": \"B.\", \"label\": \"neutral\", \"idx\": 1, \"x\": true}");
        fails("cb", root, "CB/train.jsonl:2: ", "unexpected key \"x\"");
        TestRoots.replaceLine(root, "CB/train.jsonl", 2, "{\"premise\": \"A.\", \"hypothesis\": \"B.\", \"label\": \"maybe\", \"idx\": 1}");
        fails("cb", root, "CB/train.jsonl:2: ", "unparsable label 'maybe'");
        TestRoots.replaceLine(root, "CB/train.jsonl", 2, "{\"premise\": \"A.\", \"hypothesis\": \"B.\", \"label\": \"neutral\", \"idx\": 1.5}");
        fails("cb", root, "CB/train.jsonl:2: ", "\"idx\" must be an integer");
    }

    @Test
    void wscLabelMustBeBoolean() {
        Path root = TestRoots.copy(tmp, "WSC");
        TestRoots.replaceLine(root, "WSC/val.jsonl", 3, "{\"text\": \"Tom saw Ann. He waved.\", \"target\": {\"span2_index\": 3,"
                + " \"span1_index\": 0, \"span1_text\": \"Tom\", \"span2_text\": \"He\"}, \"idx\": 2, \"label\": \"true\"}");
        fails("wsc", root, "WSC/val.jsonl:3: ", "unparsable label");
        TestRoots.replaceLine(root, "WSC/val.jsonl", 3, "{\"text\": \"Tom saw Ann. He waved.\", \"target\": {\"span2_index\": 3,"
                + " \"span1_text\": \"Tom\", \"span2_text\": \"He\"}, \"idx\": 2, \"label\": true}");
        fails("wsc", root, "WSC/val.jsonl:3: ", "missing key \"target.span1_index\"");
    }

    @Test
    void colaAndAmazonLabels() {
        Path root = TestRoots.copy(tmp, "CoLA", "AmazonPolarity");
        TestRoots.replaceLine(root, "CoLA/raw/in_domain_dev.tsv", 9, "gj04\t2\t\tA sentence.");
        fails("cola", root, "CoLA/raw/in_domain_dev.tsv:9: ", "unparsable label '2'");
        TestRoots.replaceLine(root, "AmazonPolarity/test.ft.txt", 12, "__label__3 Title: text");
        fails("amazon", root, "AmazonPolarity/test.ft.txt:12: ", "unparsable label");
    }

    @Test
    void wnliIndexMustBeUniqueAcrossFiles() {
        Path root = TestRoots.copy(tmp, "WNLI");
        // val.tsv line 1 has index 0; give it index 1, which train.tsv line 2 already uses
        TestRoots.replaceLine(root, "WNLI/val.tsv", 1, "1\tA b.\tA.\t1");
        fails("wnli", root, "WNLI/val.tsv:1: ", "index 1 already used at WNLI/train.tsv:2");
    }

    @Test
    void mrpcChangedFileMustKeepItsNotice() {
        Path root = TestRoots.copy(tmp, "MRPC");
        TestRoots.replaceLine(root, "MRPC/dev.tsv", 1, "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String");
        fails("mrpc", root, "MRPC/dev.tsv:1: ", "changed-file notice");
    }

    @Test
    void huLiuUnknownTagAndUnknownLine() {
        Path root = TestRoots.copy(tmp, "CR-HuLiu");
        String file = "CR-HuLiu/Nikon coolpix 4300.txt";
        TestRoots.replaceLine(root, file, 5, "picture[x]##the pictures are fine . \r");
        fails("cr", root, file + ":5: ", "unknown annotation tag '[x]'");
        TestRoots.replaceLine(root, file, 5, "just some text without a separator\r");
        fails("cr", root, file + ":5: ", "neither a title");
        TestRoots.replaceLine(root, file, 5, "picture]+2]##the pictures are fine . \r");
        fails("cr", root, file + ":5: ", "unbalanced bracket");
    }

    @Test
    void invalidUtf8NamesTheLine() {
        Path root = TestRoots.copy(tmp, "CR-SentEval");
        byte[] bad = "good line .\nbad \u00ff line .\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        TestRoots.write(root, "CR-SentEval/custrev.neg", bad);
        fails("senteval-cr", root, "CR-SentEval/custrev.neg:2: ", "not valid UTF-8");
    }

    @Test
    void exampleInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new Example("a", null, 1.0, 1, "f", 1), "score and label both set");
        assertThrows(IllegalArgumentException.class, () -> new Example("a", null, Double.NaN, -1, "f", 1), "neither set");
        assertThrows(IllegalArgumentException.class, () -> Example.classification("a", null, 0, "f", 0), "line must be >= 1");
        assertThrows(IllegalArgumentException.class, () -> Example.regression(null, null, 1.0, "f", 1), "text1 required");
        Example r = Example.regression("a", "b", 2.5, "f", 3);
        assertEquals(2.5, r.target(), 0.0, "regression target = score");
        assertEquals(1.0, Example.classification("a", null, 1, "f", 1).target(), 0.0, "classification target = label");
    }
}
