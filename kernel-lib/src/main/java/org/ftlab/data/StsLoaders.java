package org.ftlab.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** STS-B and STS-2012 (paper 1, Table 2: the regression tasks, scores 0-5). */
final class StsLoaders {

    private StsLoaders() {
    }

    /**
     * STS Benchmark from its original labelled files ({@code STS-B/original/sts-*.tsv}): 7 columns
     * genre, filename, year, id, score, sentence1, sentence2, or 9 with two licence columns. The GLUE
     * copies hold the same pairs (whitespace-trimmed) but hide the test scores; these do not.
     */
    static Dataset stsb(Root root) {
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(stsBenchmark(root, "STS-B/original/sts-train.tsv"), false,
                "STS Benchmark train (STS-B/original/sts-train.tsv, 5,749 pairs; = GLUE STS-B train)"));
        parts.put(Split.DEV, new Dataset.Part(stsBenchmark(root, "STS-B/original/sts-dev.tsv"), false,
                "STS Benchmark dev (STS-B/original/sts-dev.tsv, 1,500 pairs; = GLUE STS-B dev)"));
        parts.put(Split.TEST, new Dataset.Part(stsBenchmark(root, "STS-B/original/sts-test.tsv"), false,
                "STS Benchmark test with gold scores (STS-B/original/sts-test.tsv, 1,379 pairs; GLUE hides these)"));
        return Dataset.regression("stsb", 0, 5, true, parts, List.of());
    }

    static List<Example> stsBenchmark(Root root, String rel) {
        TextFile f = root.read(rel, 0);
        List<Example> out = new ArrayList<>(f.lineCount());
        for (int n = 1; n <= f.lineCount(); n++) {
            String[] c = Parse.tsv(f, n, 7, 9);
            double score = Parse.score(f, n, c[4], 0, 5);
            out.add(Example.regression(Parse.text(f, n, c[5], "sentence1"), Parse.text(f, n, c[6], "sentence2"),
                    score, rel, n));
        }
        return out;
    }

    private static final String[] STS2012_TRAIN = {"MSRpar", "MSRvid", "SMTeuroparl"};
    private static final String[] STS2012_TEST = {"MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews"};

    /**
     * SemEval-2012 task 6: {@code STS.input.X.txt} (two tab-separated sentences per line) with the gold
     * score on the same line of {@code STS.gs.X.txt}. Train = MSRpar, MSRvid, SMTeuroparl (2,234);
     * test = those three plus surprise.OnWN and surprise.SMTnews (3,108), concatenated in that order
     * (the order of STS.gs.ALL.txt). There is no dev split.
     */
    static Dataset sts2012(Root root) {
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(sts2012Sets(root, "STS-2012/train/", STS2012_TRAIN), false,
                "SemEval-2012 STS train: MSRpar 750 + MSRvid 750 + SMTeuroparl 734 (no dev split upstream)"));
        parts.put(Split.TEST, new Dataset.Part(sts2012Sets(root, "STS-2012/test-gold/", STS2012_TEST), false,
                "SemEval-2012 STS test with gold scores: MSRpar 750 + MSRvid 750 + SMTeuroparl 459"
                        + " + surprise.OnWN 750 + surprise.SMTnews 399"));
        return Dataset.regression("sts2012", 0, 5, true, parts, List.of());
    }

    private static List<Example> sts2012Sets(Root root, String dir, String[] sets) {
        List<Example> out = new ArrayList<>();
        for (String s : sets) {
            String inRel = dir + "STS.input." + s + ".txt";
            String gsRel = dir + "STS.gs." + s + ".txt";
            TextFile in = root.read(inRel, 0);
            TextFile gs = root.read(gsRel, 0);
            if (in.lineCount() != gs.lineCount()) {
                throw new IllegalArgumentException(gsRel + ": has " + gs.lineCount() + " lines but " + inRel + " has "
                        + in.lineCount() + "; they must pair line by line");
            }
            for (int n = 1; n <= in.lineCount(); n++) {
                String[] c = Parse.tsv(in, n, 2);
                String[] g = Parse.tsv(gs, n, 1);
                double score = Parse.score(gs, n, g[0], 0, 5);
                out.add(Example.regression(Parse.text(in, n, c[0], "sentence1"), Parse.text(in, n, c[1], "sentence2"),
                        score, inRel, n));
            }
        }
        return out;
    }
}
