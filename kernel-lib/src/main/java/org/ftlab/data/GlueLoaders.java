package org.ftlab.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GLUE-format TSV tasks: RTE, MRPC, SST-2, CoLA, WNLI (paper 1, Table 1; paper 2, §4.1). Files are read
 * with no quoting (every tab separates) and an exact column count per line.
 */
final class GlueLoaders {

    private GlueLoaders() {
    }

    static final String STAND_IN = "; stands in for test: GLUE test labels are hidden (paper 2, §4.1 does the same)";

    // ---- RTE -------------------------------------------------------------------------------------

    static final List<String> RTE_LABELS = List.of("entailment", "not_entailment");

    static Dataset rte(Root root) {
        List<Example> train = indexPairs(root, "RTE/train.tsv", true, RTE_LABELS);
        List<Example> dev = indexPairs(root, "RTE/dev.tsv", true, RTE_LABELS);
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(train, false, "GLUE RTE train (RTE/train.tsv, 2,490)"));
        parts.put(Split.DEV, new Dataset.Part(dev, false, "GLUE RTE dev (RTE/dev.tsv, 277)"));
        parts.put(Split.TEST, new Dataset.Part(dev, true, "GLUE RTE dev (277)" + STAND_IN + "; paper 1, Table 1 test = 277"));
        return Dataset.classification("rte", RTE_LABELS, true, parts, List.of());
    }

    /** {@code index  sentence1  sentence2  label} with or without a header line (RTE, WNLI). */
    private static List<Example> indexPairs(Root root, String rel, boolean header, List<String> labels) {
        TextFile f = root.read(rel, header ? 1 : 0);
        int first = 1;
        if (header) {
            Parse.header(f, 1, "index\tsentence1\tsentence2\tlabel");
            first = 2;
        }
        List<Example> out = new ArrayList<>();
        for (int n = first; n <= f.lineCount(); n++) {
            String[] c = Parse.tsv(f, n, 4);
            Parse.integer(f, n, c[0], "index");
            int y = Parse.label(f, n, c[3], labels);
            out.add(Example.classification(Parse.text(f, n, c[1], "sentence1"), Parse.text(f, n, c[2], "sentence2"),
                    y, rel, n));
        }
        return out;
    }

    // ---- MRPC ------------------------------------------------------------------------------------

    static final List<String> MRPC_LABELS = List.of("not_paraphrase", "paraphrase");
    static final String MRPC_HEADER = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String";
    static final String MRPC_NOTICE = "# CHANGED FILE - not the original Microsoft Research Paraphrase Corpus file";

    /**
     * MRPC: train/dev are the GLUE split of msr_paraphrase_train.txt (changed files, each starting with
     * a notice line, then the Microsoft header); test is Microsoft's labelled msr_paraphrase_test.txt.
     */
    static Dataset mrpc(Root root) {
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(mrpcFile(root, "MRPC/train.tsv", true), false,
                "GLUE MRPC train (MRPC/train.tsv, 3,668; changed file, see MRPC/CHANGES.md)"));
        parts.put(Split.DEV, new Dataset.Part(mrpcFile(root, "MRPC/dev.tsv", true), false,
                "GLUE MRPC dev (MRPC/dev.tsv, 408; changed file, see MRPC/CHANGES.md); paper 1, Table 1 reports it as 'test'"));
        parts.put(Split.TEST, new Dataset.Part(mrpcFile(root, "MRPC/msr_paraphrase_test.txt", false), false,
                "Microsoft's labelled test set (MRPC/msr_paraphrase_test.txt, 1,725; GLUE hides these labels)"));
        return Dataset.classification("mrpc", MRPC_LABELS, true, parts, List.of());
    }

    private static List<Example> mrpcFile(Root root, String rel, boolean changed) {
        TextFile f = root.read(rel, changed ? 2 : 1);
        int n = 1;
        if (changed) {
            if (!f.line(1).startsWith(MRPC_NOTICE)) {
                throw f.error(1, "expected the changed-file notice starting '" + MRPC_NOTICE + "'");
            }
            n = 2;
        }
        Parse.header(f, n, MRPC_HEADER);
        List<Example> out = new ArrayList<>();
        for (n = n + 1; n <= f.lineCount(); n++) {
            String[] c = Parse.tsv(f, n, 5);
            int y = Parse.label(f, n, c[0], List.of("0", "1"));
            Parse.integer(f, n, c[1], "#1 ID");
            Parse.integer(f, n, c[2], "#2 ID");
            out.add(Example.classification(Parse.text(f, n, c[3], "#1 String"), Parse.text(f, n, c[4], "#2 String"),
                    y, rel, n));
        }
        return out;
    }

    // ---- SST-2 -----------------------------------------------------------------------------------

    static final List<String> SST2_LABELS = List.of("negative", "positive");
    static final String SST2_SAMPLE = "SST-2/train_sample4000_seed42.tsv";

    static Dataset sst2(Root root) {
        List<Example> train = sst2File(root, SST2_SAMPLE);
        List<Example> dev = sst2File(root, "SST-2/dev.tsv");
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(train, true, "stratified sample of GLUE SST-2 train: "
                + Sst2Sample.SIZE + " of 67,349 rows, seed " + Sst2Sample.SEED + " (" + SST2_SAMPLE
                + ", made by org.ftlab.data.Sst2Sample)"));
        parts.put(Split.DEV, new Dataset.Part(dev, false, "GLUE SST-2 dev (SST-2/dev.tsv, 872)"));
        parts.put(Split.TEST, new Dataset.Part(dev, true, "GLUE SST-2 dev (872)" + STAND_IN));
        return Dataset.classification("sst2", SST2_LABELS, false, parts, List.of());
    }

    /** GLUE SST-2: header {@code sentence  label}, label 0/1. */
    static List<Example> sst2File(Root root, String rel) {
        return sst2Lines(root.read(rel, 1), rel);
    }

    static List<Example> sst2Lines(TextFile f, String source) {
        Parse.header(f, 1, "sentence\tlabel");
        List<Example> out = new ArrayList<>(f.lineCount());
        for (int n = 2; n <= f.lineCount(); n++) {
            String[] c = Parse.tsv(f, n, 2);
            int y = Parse.label(f, n, c[1], List.of("0", "1"));
            out.add(Example.classification(Parse.text(f, n, c[0], "sentence"), null, y, source, n));
        }
        return out;
    }

    // ---- CoLA ------------------------------------------------------------------------------------

    static final List<String> COLA_LABELS = List.of("unacceptable", "acceptable");

    static Dataset cola(Root root) {
        List<Example> train = colaFile(root, "CoLA/raw/in_domain_train.tsv");
        List<Example> dev = new ArrayList<>(colaFile(root, "CoLA/raw/in_domain_dev.tsv"));
        dev.addAll(colaFile(root, "CoLA/raw/out_of_domain_dev.tsv"));
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(train, false, "CoLA in-domain train (8,551; = GLUE CoLA train)"));
        parts.put(Split.DEV, new Dataset.Part(dev, false,
                "CoLA in-domain dev 527 + out-of-domain dev 516 (1,043; = GLUE CoLA dev)"));
        parts.put(Split.TEST, new Dataset.Part(dev, true, "CoLA dev, in + out of domain (1,043)" + STAND_IN));
        return Dataset.classification("cola", COLA_LABELS, false, parts, List.of());
    }

    /** No header; source code, label 0/1, author's mark, sentence. */
    private static List<Example> colaFile(Root root, String rel) {
        TextFile f = root.read(rel, 0);
        List<Example> out = new ArrayList<>(f.lineCount());
        for (int n = 1; n <= f.lineCount(); n++) {
            String[] c = Parse.tsv(f, n, 4);
            int y = Parse.label(f, n, c[1], List.of("0", "1"));
            out.add(Example.classification(Parse.text(f, n, c[3], "sentence"), null, y, rel, n));
        }
        return out;
    }

    // ---- WNLI ------------------------------------------------------------------------------------

    static final List<String> WNLI_LABELS = List.of("not_entailment", "entailment");

    /**
     * WNLI: the upstream copy split GLUE train (635) into train.tsv (518, header) and val.tsv (117, no
     * header); we merge them and order by GLUE index, which must cover 0..634 exactly once.
     */
    static Dataset wnli(Root root) {
        TreeMap<Integer, Example> byIndex = new TreeMap<>();
        Map<Integer, String> where = new java.util.HashMap<>();
        for (String rel : new String[] {"WNLI/train.tsv", "WNLI/val.tsv"}) {
            boolean header = rel.endsWith("train.tsv");
            TextFile f = root.read(rel, header ? 1 : 0);
            if (header) {
                Parse.header(f, 1, "index\tsentence1\tsentence2\tlabel");
            }
            for (int n = header ? 2 : 1; n <= f.lineCount(); n++) {
                String[] c = Parse.tsv(f, n, 4);
                int idx = Parse.integer(f, n, c[0], "index");
                int y = Parse.label(f, n, c[3], List.of("0", "1"));
                Example x = Example.classification(Parse.text(f, n, c[1], "sentence1"),
                        Parse.text(f, n, c[2], "sentence2"), y, rel, n);
                if (byIndex.put(idx, x) != null) {
                    throw f.error(n, "index " + idx + " already used at " + where.get(idx));
                }
                where.put(idx, rel + ":" + n);
            }
        }
        if (byIndex.isEmpty() || byIndex.firstKey() != 0 || byIndex.lastKey() != byIndex.size() - 1) {
            throw new IllegalArgumentException("WNLI/train.tsv + WNLI/val.tsv: indices must cover 0..n-1 exactly once, got "
                    + byIndex.size() + " rows spanning " + (byIndex.isEmpty() ? "nothing" : byIndex.firstKey() + ".." + byIndex.lastKey()));
        }
        List<Example> train = new ArrayList<>(byIndex.values());
        List<Example> dev = indexPairs(root, "WNLI/dev.tsv", true, List.of("0", "1"));
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(train, false,
                "GLUE WNLI train (635) = WNLI/train.tsv 518 + WNLI/val.tsv 117, ordered by GLUE index"));
        parts.put(Split.DEV, new Dataset.Part(dev, false, "GLUE WNLI dev (WNLI/dev.tsv, 71)"));
        parts.put(Split.TEST, new Dataset.Part(dev, true, "GLUE WNLI dev (71)" + STAND_IN));
        return Dataset.classification("wnli", WNLI_LABELS, true, parts, List.of());
    }
}
