package org.ftlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every shipped dataset loads with the sizes and label counts recorded independently: in
 * /work/shared/datasets-raw/PROVENANCE.md (marked "PROVENANCE"), in paper 1 Tables 1-2 ("paper 1"), or
 * counted with a separate Python script while preparing the data ("python count", written down in the
 * folder READMEs). Each example is also checked against the raw line its source:line points to.
 */
class ShippedDatasetsTest {

    private static final Path ROOT = TestRoots.shipped();
    private static final Map<String, List<String>> RAW = new HashMap<>();

    private static Dataset load(String name) {
        return Datasets.load(name, ROOT);
    }

    private static void sizes(Dataset d, Split s, int expected, String basis) {
        assertEquals(expected, d.split(s).size(), d.name() + " " + s.label() + " size (" + basis + ", exact)");
    }

    private static void counts(Dataset d, Split s, int[] expected, String basis) {
        assertArrayEquals(expected, d.labelCounts(s), d.name() + " " + s.label() + " label counts " + d.labelNames()
                + " (" + basis + ", exact)");
    }

    /** Raw lines of a shipped file split on \n only, read here without the loader's code. */
    private static List<String> raw(String rel) {
        return RAW.computeIfAbsent(rel, r -> {
            try {
                String t = new String(Files.readAllBytes(ROOT.resolve(r)), StandardCharsets.UTF_8);
                return List.of(t.split("\n", -1));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Each example's texts occur on the raw line it names (for JSONL: equal the parsed field). */
    private static void pointsAtSource(Dataset d) {
        for (Split s : d.splits()) {
            for (Example x : d.split(s)) {
                String line = raw(x.source()).get(x.line() - 1);
                if (x.source().endsWith(".jsonl")) {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    String key = o.has("premise") ? "premise" : "text";
                    assertEquals(o.get(key).getAsString(), x.text1(), x.where() + " text1 vs independently parsed JSON");
                } else {
                    assertTrue(line.contains(x.text1()), x.where() + ": raw line must contain text1 '" + x.text1() + "'");
                    if (x.isPair()) {
                        assertTrue(line.contains(x.text2()), x.where() + ": raw line must contain text2");
                    }
                }
            }
        }
    }

    @Test
    void stsb() {
        Dataset d = load("stsb");
        assertEquals(TaskType.REGRESSION, d.taskType());
        assertEquals(0.0, d.scoreMin(), 0.0, "STS scores 0..5 (paper 1, Table 2)");
        assertEquals(5.0, d.scoreMax(), 0.0, "STS scores 0..5 (paper 1, Table 2)");
        sizes(d, Split.TRAIN, 5749, "PROVENANCE, paper 1 Table 2");
        sizes(d, Split.DEV, 1500, "PROVENANCE");
        sizes(d, Split.TEST, 1379, "PROVENANCE, paper 1 Table 2");
        assertFalse(d.isStandIn(Split.TEST), "STS-B test has gold scores in the original files");
        Example first = d.train().get(0);
        assertEquals("A plane is taking off.", first.text1(), "first train pair (sts-train.tsv line 1)");
        assertEquals("An air plane is taking off.", first.text2(), "first train pair");
        assertEquals(5.0, first.score(), 0.0, "first train score is 5.000 in the file");
        assertTrue(d.isPair());
        pointsAtSource(d);
    }

    @Test
    void sts2012() {
        Dataset d = load("sts2012");
        sizes(d, Split.TRAIN, 750 + 750 + 734, "PROVENANCE, paper 1 Table 2: 2,234");
        sizes(d, Split.TEST, 750 + 750 + 459 + 750 + 399, "PROVENANCE, paper 1 Table 2: 3,108");
        assertFalse(d.has(Split.DEV), "SemEval-2012 has no dev split");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, d::dev);
        assertTrue(e.getMessage().contains("no dev split") && e.getMessage().contains("train, test"), e.getMessage());
        // the test split is the five sets in STS.gs.ALL.txt order: boundaries at 750, 1500, 1959, 2709
        List<Example> t = d.test();
        assertEquals("STS-2012/test-gold/STS.input.MSRvid.txt", t.get(750).source(), "2nd set starts at 750");
        assertEquals("STS-2012/test-gold/STS.input.SMTeuroparl.txt", t.get(1500).source(), "3rd set starts at 1500");
        assertEquals("STS-2012/test-gold/STS.input.surprise.OnWN.txt", t.get(1959).source(), "4th set starts at 1959");
        assertEquals("STS-2012/test-gold/STS.input.surprise.SMTnews.txt", t.get(2709).source(), "5th set starts at 2709");
        // gold score paired by line: compare with the gs file read independently
        for (Example x : t) {
            String gs = x.source().replace("STS.input.", "STS.gs.");
            assertEquals(Double.parseDouble(raw(gs).get(x.line() - 1).trim()), x.score(), 0.0, x.where() + " score from gs file");
        }
        pointsAtSource(d);
    }

    @Test
    void rte() {
        Dataset d = load("rte");
        assertEquals(List.of("entailment", "not_entailment"), d.labelNames());
        sizes(d, Split.TRAIN, 2490, "PROVENANCE, paper 1 Table 1");
        sizes(d, Split.DEV, 277, "PROVENANCE, paper 1 Table 1");
        counts(d, Split.TRAIN, new int[] {1249, 1241}, "python count");
        counts(d, Split.DEV, new int[] {146, 131}, "python count");
        assertTrue(d.isStandIn(Split.TEST), "GLUE RTE test labels are hidden: test is the dev stand-in");
        assertTrue(d.dev().equals(d.test()), "test stand-in holds the same examples as dev");
        pointsAtSource(d);
    }

    @Test
    void mrpc() {
        Dataset d = load("mrpc");
        sizes(d, Split.TRAIN, 3668, "PROVENANCE, paper 1 Table 1");
        sizes(d, Split.DEV, 408, "PROVENANCE; paper 1 Table 1 'test'");
        sizes(d, Split.TEST, 1725, "PROVENANCE");
        counts(d, Split.TRAIN, new int[] {1194, 2474}, "python count");
        counts(d, Split.DEV, new int[] {129, 279}, "python count");
        counts(d, Split.TEST, new int[] {578, 1147}, "python count");
        assertFalse(d.isStandIn(Split.TEST), "Microsoft's test file carries labels");
        pointsAtSource(d);
    }

    @Test
    void sst2() {
        Dataset d = load("sst2");
        assertFalse(d.isPair());
        sizes(d, Split.TRAIN, 4000, "sample size");
        sizes(d, Split.DEV, 872, "PROVENANCE");
        counts(d, Split.DEV, new int[] {428, 444}, "PROVENANCE dev 444 pos / 428 neg");
        // stratified: largest-remainder shares of 4000 over PROVENANCE's 29,780 neg / 37,569 pos
        // 4000*29780/67349 = 1768.66, 4000*37569/67349 = 2231.34 -> 1769 / 2231
        counts(d, Split.TRAIN, new int[] {1769, 2231}, "largest-remainder quotas from PROVENANCE train counts");
        assertTrue(d.isStandIn(Split.TRAIN) && d.isStandIn(Split.TEST), "train is a sample, test is the dev stand-in");
        pointsAtSource(d);
    }

    @Test
    void cola() {
        Dataset d = load("cola");
        sizes(d, Split.TRAIN, 8551, "PROVENANCE");
        sizes(d, Split.DEV, 527 + 516, "PROVENANCE in-domain + out-of-domain dev");
        counts(d, Split.TRAIN, new int[] {2528, 6023}, "PROVENANCE 6023 acc / 2528 unacc");
        counts(d, Split.DEV, new int[] {162 + 162, 365 + 354}, "PROVENANCE in-dev 365/162 + out-dev 354/162");
        assertEquals("CoLA/raw/out_of_domain_dev.tsv", d.dev().get(1042).source(), "last dev row from out-of-domain");
        assertEquals(516, d.dev().get(1042).line(), "the file's last line has no newline but is read (516 rows)");
        pointsAtSource(d);
    }

    @Test
    void cb() {
        Dataset d = load("cb");
        assertEquals(List.of("entailment", "contradiction", "neutral"), d.labelNames());
        counts(d, Split.TRAIN, new int[] {115, 119, 16}, "PROVENANCE train 115/119/16");
        counts(d, Split.DEV, new int[] {23, 28, 5}, "PROVENANCE val 23/28/5");
        assertTrue(d.isStandIn(Split.TEST));
        pointsAtSource(d);
    }

    @Test
    void wnli() {
        Dataset d = load("wnli");
        sizes(d, Split.TRAIN, 518 + 117, "PROVENANCE train.tsv + val.tsv = GLUE train 635");
        sizes(d, Split.DEV, 71, "PROVENANCE");
        counts(d, Split.TRAIN, new int[] {323, 312}, "python count");
        counts(d, Split.DEV, new int[] {40, 31}, "python count");
        // ordered by GLUE index: row k has index k in its raw line
        List<Example> train = d.train();
        for (int k = 0; k < train.size(); k++) {
            Example x = train.get(k);
            String idx = raw(x.source()).get(x.line() - 1).split("\t")[0];
            assertEquals(Integer.toString(k), idx, "train row " + k + " must carry GLUE index " + k);
        }
        pointsAtSource(d);
    }

    @Test
    void wsc() {
        Dataset d = load("wsc");
        counts(d, Split.TRAIN, new int[] {295, 259}, "PROVENANCE train 259 True / 295 False");
        counts(d, Split.DEV, new int[] {66, 38}, "PROVENANCE val 38 / 66");
        Example first = d.train().get(0);
        assertEquals("He refers to Mark", first.text2(), "pair text2 = span2_text + ' refers to ' + span1_text");
        pointsAtSource(d);
    }

    @Test
    void sentevalCr() {
        Dataset d = load("senteval-cr");
        int total = d.train().size() + d.test().size();
        assertEquals(2405 + 1366, total, "PROVENANCE: 2405 + 1366 non-blank lines, all kept");
        sizes(d, Split.TEST, 753, "paper 1 Table 1 test size");
        // stratified 753 of 1366 neg / 2405 pos: 753*1366/3771 = 272.77, 753*2405/3771 = 480.23 -> 273 / 480
        counts(d, Split.TEST, new int[] {273, 480}, "largest-remainder quotas");
        counts(d, Split.TRAIN, new int[] {1366 - 273, 2405 - 480}, "complement of the hold-out");
        Set<String> blank = new HashSet<>();
        for (LineNote n : d.lineNotes()) {
            assertTrue(n.skipped(), "SentEval CR notes are skips: " + n);
            blank.add(n.source() + ":" + n.line());
        }
        assertEquals(Set.of("CR-SentEval/custrev.pos:2323", "CR-SentEval/custrev.pos:2407", "CR-SentEval/custrev.neg:769",
                "CR-SentEval/custrev.neg:1368"), blank, "PROVENANCE: blank lines pos 2323, 2407 and neg 769, 1368");
        everyLineAccountedFor(d, Map.of("CR-SentEval/custrev.pos", 2407, "CR-SentEval/custrev.neg", 1368));
        disjointUnion(d);
        pointsAtSource(d);
    }

    @Test
    void crHuLiu() {
        Dataset d = load("cr");
        Map<String, Integer> lines = new HashMap<>();
        for (String f : SentimentLoaders.HULIU_FILES) {
            lines.put(f, raw(f).size() - 1); // CRLF files ending in a newline
        }
        everyLineAccountedFor(d, lines);
        // sentences = examples + skipped sentences; PROVENANCE: 3944 '##' lines, plus the single-'#' Apex line 474
        long sentenceSkips = d.lineNotes().stream().filter(n -> n.skipped() && n.reason().contains("opinion")).count();
        assertEquals(3944 + 1, d.train().size() + d.test().size() + sentenceSkips,
                "sentences: 3944 '##' lines (PROVENANCE) + Apex:474 with one '#'");
        // PROVENANCE [t] counts 44/34/41/95/98; Canon's first review title '[t]cool toy##yep .' is on a sentence line
        Map<String, Integer> titles = new HashMap<>();
        d.lineNotes().stream().filter(n -> n.reason().startsWith("review title"))
                .forEach(n -> titles.merge(n.source(), 1, Integer::sum));
        assertEquals(Map.of(SentimentLoaders.HULIU_FILES[0], 43, SentimentLoaders.HULIU_FILES[1], 34,
                SentimentLoaders.HULIU_FILES[2], 41, SentimentLoaders.HULIU_FILES[3], 95, SentimentLoaders.HULIU_FILES[4], 98),
                titles, "title lines per file (PROVENANCE 44/34/41/95/98, minus Canon's title+sentence line)");
        int pos = d.labelCounts(Split.TRAIN)[1] + d.labelCounts(Split.TEST)[1];
        int neg = d.labelCounts(Split.TRAIN)[0] + d.labelCounts(Split.TEST)[0];
        assertEquals(1081, pos, "positive sentences (python count with the same rule)");
        assertEquals(639, neg, "negative sentences (python count with the same rule)");
        sizes(d, Split.TEST, 172, "round(10% of 1,720)");
        assertEquals(6, d.lineNotes().stream().filter(n -> !n.skipped()).count(), "six documented repairs");
        disjointUnion(d);
        pointsAtSource(d);
    }

    @Test
    void amazon() {
        Dataset d = load("amazon");
        int[] tr = d.labelCounts(Split.TRAIN);
        int[] te = d.labelCounts(Split.TEST);
        assertArrayEquals(new int[] {498, 502}, new int[] {tr[0] + te[0], tr[1] + te[1]}, "PROVENANCE: 498 neg / 502 pos");
        counts(d, Split.TEST, new int[] {50, 50}, "largest-remainder: 100*498/1000 = 49.8 -> 50, 50.2 -> 50");
        disjointUnion(d);
        pointsAtSource(d);
    }

    @Test
    void everyNameLoadsAndUnknownNamesAreRejected() {
        assertEquals(List.of("stsb", "sts2012", "rte", "mrpc", "sst2", "cola", "cb", "wnli", "wsc", "cr", "senteval-cr", "amazon"),
                Datasets.names());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("sts-b"));
        assertTrue(e.getMessage().contains("accepted: stsb, sts2012"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> load("semrel"));
        assertTrue(s.getMessage().contains("not shipped") && s.getMessage().contains("SemRel.load"), s.getMessage());
    }

    /** Examples + line notes (skips) cover every line of every file exactly once. */
    private static void everyLineAccountedFor(Dataset d, Map<String, Integer> lineCounts) {
        Map<String, Set<Integer>> seen = new HashMap<>();
        for (Split s : d.splits()) {
            for (Example x : d.split(s)) {
                assertTrue(seen.computeIfAbsent(x.source(), k -> new HashSet<>()).add(x.line()), "line used twice: " + x.where());
            }
        }
        for (LineNote n : d.lineNotes()) {
            if (n.skipped()) {
                assertTrue(seen.computeIfAbsent(n.source(), k -> new HashSet<>()).add(n.line()), "skipped line also used: " + n);
            }
        }
        for (Map.Entry<String, Integer> e : lineCounts.entrySet()) {
            assertEquals(e.getValue(), seen.getOrDefault(e.getKey(), Set.of()).size(),
                    e.getKey() + ": every line is an example or a skip note (exact)");
        }
    }

    /** Derived splits: train and test are disjoint. */
    private static void disjointUnion(Dataset d) {
        Set<String> train = new HashSet<>();
        d.train().forEach(x -> train.add(x.where()));
        for (Example x : d.test()) {
            assertFalse(train.contains(x.where()), "test example also in train: " + x.where());
        }
    }
}
