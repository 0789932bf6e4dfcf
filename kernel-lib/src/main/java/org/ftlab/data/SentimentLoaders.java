package org.ftlab.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentiment tasks of paper 1, Table 1: CR (Hu &amp; Liu originals), SentEval-CR and an Amazon polarity
 * sample. None has an upstream train/test split in the shipped files, so the test split is a seeded,
 * stratified hold-out ({@link Datasets#holdOut}, seed {@link Datasets#DERIVED_SPLIT_SEED}).
 */
final class SentimentLoaders {

    private SentimentLoaders() {
    }

    static final List<String> LABELS = List.of("negative", "positive");

    // ---- SentEval CR -----------------------------------------------------------------------------

    /** Test size of paper 1, Table 1 for SentEval-CR (3,010 train / 753 test). */
    static final int SENTEVAL_CR_TEST = 753;

    /**
     * SentEval CR: custrev.pos then custrev.neg, one sentence per line. The 4 blank lines (pos 2323 and
     * 2407, neg 769 and 1368; SentEval would count them as empty examples) are skipped and listed in
     * {@link Dataset#lineNotes()}; nothing else is dropped (3,771 examples: 2,405 pos, 1,366 neg).
     */
    static Dataset crSentEval(Root root) {
        List<Example> all = new ArrayList<>();
        List<LineNote> notes = new ArrayList<>();
        String[][] files = {{"CR-SentEval/custrev.pos", "1"}, {"CR-SentEval/custrev.neg", "0"}};
        for (String[] fl : files) {
            TextFile f = root.read(fl[0], 0);
            int y = Integer.parseInt(fl[1]);
            for (int n = 1; n <= f.lineCount(); n++) {
                String s = f.line(n);
                if (s.isBlank()) {
                    notes.add(new LineNote(fl[0], n, true, "blank line (SentEval reads it as an empty example)"));
                    continue;
                }
                all.add(Example.classification(s, null, y, fl[0], n));
            }
        }
        Datasets.HoldOut h = Datasets.holdOut(all, SENTEVAL_CR_TEST, Datasets.DERIVED_SPLIT_SEED);
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(h.rest(), true, "the " + h.rest().size() + " non-blank sentences not held out"
                + " (paper 1, Table 1 has 3,010; no upstream split)"));
        parts.put(Split.TEST, new Dataset.Part(h.heldOut(), true, "stratified hold-out of " + SENTEVAL_CR_TEST
                + " (paper 1, Table 1 test size), seed " + Datasets.DERIVED_SPLIT_SEED));
        return Dataset.classification("senteval-cr", LABELS, false, parts, notes);
    }

    // ---- Hu & Liu CR -----------------------------------------------------------------------------

    /** The five products, in the order of the Hu &amp; Liu Readme.txt. */
    static final String[] HULIU_FILES = {
        "CR-HuLiu/Canon G3.txt",
        "CR-HuLiu/Nikon coolpix 4300.txt",
        "CR-HuLiu/Nokia 6610.txt",
        "CR-HuLiu/Creative Labs Nomad Jukebox Zen Xtra 40GB.txt",
        "CR-HuLiu/Apex AD2600 Progressive-scan DVD player.txt",
    };

    /** Held-out fraction of paper 1, Table 1 for CR: 376 of 3,390 + 376 = 10%. */
    static final double HULIU_TEST_FRACTION = 0.10;

    /** A review title line: {@code [t]...}, optionally after asterisks (Nokia 6610 line 109 reads {@code ***[t]}). */
    private static final Pattern TITLE = Pattern.compile("^\\**\\[t\\].*");
    /**
     * One bracketed tag of the annotation: opened by {@code [} (or the typo {@code {}), closed by
     * {@code ]} (or the typo {@code }}), or left unclosed before the next {@code [}.
     */
    private static final Pattern TAG = Pattern.compile("[\\[{]([^\\[\\]{}]*)(?:([\\]}])|(?=\\[))");
    private static final Pattern OPINION = Pattern.compile("([+-])([1-3]?)");
    private static final Pattern UNSIGNED = Pattern.compile("[1-3]");
    private static final List<String> OTHER_TAGS = List.of("u", "p", "s", "cc", "cs", "t");

    /**
     * Hu &amp; Liu (KDD 2004) annotated reviews. Each line is blank, a review title ({@code [t]...}), or
     * {@code annotation##sentence} where the annotation lists {@code feature[+n]} / {@code feature[-n]}
     * opinions (n = 1..3) and {@code [u] [p] [s] [cc] [cs]} tags. Label = sign of the summed opinion
     * scores; sentences with no opinion or a zero sum are skipped (listed in {@link Dataset#lineNotes()}).
     * Irregularities found in the files and how they are read (each listed as a repaired line note):
     * a single {@code #} separator (Apex line 474) is read as {@code ##}; {@code [-3[p]} (missing
     * {@code ]}), {@code [+1}} and {@code {+1]} are read as {@code [-3] [+1] [+1]}; {@code [+]} (no
     * strength) as {@code +1}; {@code [2]} (no sign) carries no opinion. Anything else unexpected is an error.
     */
    static Dataset crHuLiu(Root root) {
        List<Example> all = new ArrayList<>();
        List<LineNote> notes = new ArrayList<>();
        for (String rel : HULIU_FILES) {
            TextFile f = root.read(rel, 0);
            for (int n = 1; n <= f.lineCount(); n++) {
                huLiuLine(f, n, all, notes);
            }
        }
        int test = (int) Math.round(all.size() * HULIU_TEST_FRACTION);
        Datasets.HoldOut h = Datasets.holdOut(all, test, Datasets.DERIVED_SPLIT_SEED);
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(h.rest(), true, "the " + h.rest().size()
                + " opinionated sentences not held out (paper 1, Table 1 has 3,390 from a larger CR; see datasets/CR-HuLiu/README.md)"));
        parts.put(Split.TEST, new Dataset.Part(h.heldOut(), true, "stratified 10% hold-out (" + test
                + "; paper 1 ratio 376/3,766), seed " + Datasets.DERIVED_SPLIT_SEED));
        return Dataset.classification("cr", LABELS, false, parts, notes);
    }

    static void huLiuLine(TextFile f, int n, List<Example> out, List<LineNote> notes) {
        String line = f.line(n);
        String rel = f.name();
        if (line.isBlank()) {
            notes.add(new LineNote(rel, n, true, "blank line"));
            return;
        }
        int sep = line.indexOf("##");
        int sepLength = 2;
        if (sep < 0) {
            if (TITLE.matcher(line).matches() && line.indexOf('#') < 0) {
                notes.add(new LineNote(rel, n, true, "review title [t]"));
                return;
            }
            sep = line.indexOf('#');
            if (sep < 0) {
                throw f.error(n, "neither a title ([t]) nor an annotated sentence (annotation##sentence): '"
                        + TextFile.show(line) + "'");
            }
            sepLength = 1;
            notes.add(new LineNote(rel, n, false, "single '#' between annotation and sentence, read as '##'"));
        }
        String annotation = line.substring(0, sep);
        String sentence = Parse.text(f, n, line.substring(sep + sepLength), "sentence");
        int sum = 0;
        int opinions = 0;
        Matcher m = TAG.matcher(annotation);
        while (m.find()) {
            String body = m.group(1);
            boolean wellFormed = m.group(0).startsWith("[") && "]".equals(m.group(2));
            Matcher op = OPINION.matcher(body);
            if (op.matches()) {
                int strength = op.group(2).isEmpty() ? 1 : Integer.parseInt(op.group(2));
                sum += ("+".equals(op.group(1)) ? 1 : -1) * strength;
                opinions++;
                if (!wellFormed || op.group(2).isEmpty()) {
                    notes.add(new LineNote(rel, n, false, "opinion mark '" + m.group(0) + "' read as ["
                            + op.group(1) + strength + "]"));
                }
            } else if (UNSIGNED.matcher(body).matches()) {
                notes.add(new LineNote(rel, n, false, "mark '" + m.group(0) + "' has no sign: no opinion counted"));
            } else if (!OTHER_TAGS.contains(body) || !wellFormed) {
                throw f.error(n, "unknown annotation tag '" + m.group(0) + "'");
            }
        }
        String rest = TAG.matcher(annotation).replaceAll("");
        if (rest.matches(".*[\\[\\]{}].*")) {
            throw f.error(n, "unbalanced bracket in annotation '" + TextFile.show(annotation) + "'");
        }
        if (opinions == 0) {
            notes.add(new LineNote(rel, n, true, "sentence without opinion annotation"));
        } else if (sum == 0) {
            notes.add(new LineNote(rel, n, true, "opinion scores sum to 0"));
        } else {
            out.add(Example.classification(sentence, null, sum > 0 ? 1 : 0, rel, n));
        }
    }

    // ---- Amazon polarity -------------------------------------------------------------------------

    static final String AMAZON = "AmazonPolarity/test.ft.txt";
    /** Held-out fraction: paper 1, Table 1 has 3.6M train / 400k test, i.e. 10% test. */
    static final double AMAZON_TEST_FRACTION = 0.10;
    private static final Pattern FASTTEXT = Pattern.compile("__label__([12]) (.*)", Pattern.DOTALL);

    /**
     * The first 1,000 lines of the fastText copy of Amazon polarity test.csv (Zhang et al. 2015):
     * {@code __label__1 <title>: <text>} (1 = negative) or {@code __label__2 ...} (2 = positive); the
     * title and text stay together as one sentence.
     */
    static Dataset amazon(Root root) {
        TextFile f = root.read(AMAZON, 0);
        List<Example> all = new ArrayList<>(f.lineCount());
        for (int n = 1; n <= f.lineCount(); n++) {
            Matcher m = FASTTEXT.matcher(f.line(n));
            if (!m.matches()) {
                throw f.error(n, "unparsable label: expected '__label__1 ' or '__label__2 ' then the review, found '"
                        + TextFile.show(f.line(n)) + "'");
            }
            all.add(Example.classification(Parse.text(f, n, m.group(2), "review"), null,
                    Integer.parseInt(m.group(1)) - 1, AMAZON, n));
        }
        int test = (int) Math.round(all.size() * AMAZON_TEST_FRACTION);
        Datasets.HoldOut h = Datasets.holdOut(all, test, Datasets.DERIVED_SPLIT_SEED);
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(h.rest(), true, "the " + h.rest().size()
                + " sample lines not held out, all from the upstream TEST split (the 3.6M train is not shipped)"));
        parts.put(Split.TEST, new Dataset.Part(h.heldOut(), true, "stratified 10% hold-out (" + test
                + ") of the 1,000-line sample of upstream test, seed " + Datasets.DERIVED_SPLIT_SEED));
        return Dataset.classification("amazon", LABELS, false, parts, List.of());
    }
}
