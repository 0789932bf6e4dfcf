package org.ftlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Entry point: loads the datasets shipped in the top-level {@code datasets/} folder, and samples them.
 *
 * <pre>{@code
 * Dataset rte = Datasets.load("rte");                    // root found automatically
 * List<Example> sub = Datasets.sampleStratified(rte.train(), 100, 7L);   // paper 1, §7: 100 samples
 * Datasets.HoldOut h = Datasets.holdOut(rte.train(), rte.train().size() / 10, 1L); // paper 2, §4.1: 90/10
 * }</pre>
 *
 * <p>Names: {@code stsb, sts2012, rte, mrpc, sst2, cola, cb, wnli, wsc, cr, senteval-cr, amazon}.
 * SemRel2024 is not shipped (its terms forbid redistribution); see {@link SemRel#load(Path)}.
 *
 * <p>Every file a loader reads is checked against the SHA-256 in {@code datasets/MANIFEST} (once per
 * file per JVM) and parsed strictly: a wrong column count, an unparsable label or score, or a malformed
 * JSON line is an {@link IllegalArgumentException} naming the file and line. Lines deliberately not
 * used are listed in {@link Dataset#lineNotes()}.
 */
public final class Datasets {

    /** Seed of every split this project derives itself (CR, SentEval-CR, Amazon hold-outs). */
    public static final long DERIVED_SPLIT_SEED = 42L;

    /** System property, then environment variable, naming the datasets folder (the one holding MANIFEST). */
    public static final String ROOT_PROPERTY = "FTLAB_DATASETS";

    private static final Map<String, Function<Root, Dataset>> LOADERS = new LinkedHashMap<>();

    static {
        LOADERS.put("stsb", StsLoaders::stsb);
        LOADERS.put("sts2012", StsLoaders::sts2012);
        LOADERS.put("rte", GlueLoaders::rte);
        LOADERS.put("mrpc", GlueLoaders::mrpc);
        LOADERS.put("sst2", GlueLoaders::sst2);
        LOADERS.put("cola", GlueLoaders::cola);
        LOADERS.put("cb", JsonlLoaders::cb);
        LOADERS.put("wnli", GlueLoaders::wnli);
        LOADERS.put("wsc", JsonlLoaders::wsc);
        LOADERS.put("cr", SentimentLoaders::crHuLiu);
        LOADERS.put("senteval-cr", SentimentLoaders::crSentEval);
        LOADERS.put("amazon", SentimentLoaders::amazon);
    }

    private Datasets() {
    }

    /** The accepted dataset names, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(LOADERS.keySet());
    }

    /** Loads a dataset from {@link #defaultRoot()}. */
    public static Dataset load(String name) {
        return load(name, defaultRoot());
    }

    /**
     * Loads a dataset from a datasets folder (the one containing {@code MANIFEST}).
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the accepted ones), a
     *                                  checksum mismatch, or a malformed file (file and line named)
     */
    public static Dataset load(String name, Path datasetsRoot) {
        if (datasetsRoot == null) {
            throw new IllegalArgumentException("datasetsRoot must not be null");
        }
        return load(name, Root.verified(datasetsRoot));
    }

    static Dataset load(String name, Root root) {
        Function<Root, Dataset> loader = name == null ? null : LOADERS.get(name);
        if (loader == null) {
            if (name != null && name.toLowerCase(java.util.Locale.ROOT).startsWith("semrel")) {
                throw new IllegalArgumentException("name: " + SemRel.NOT_SHIPPED);
            }
            throw new IllegalArgumentException("name: unknown dataset '" + name + "', accepted: " + String.join(", ", names()));
        }
        return loader.apply(root);
    }

    /**
     * The datasets folder: the system property {@value #ROOT_PROPERTY}, else the environment variable
     * of that name, else the first {@code datasets/} folder containing {@code MANIFEST} found walking up
     * from the working directory.
     *
     * @throws IllegalStateException if none is found, or the property/variable names a folder without MANIFEST
     */
    public static Path defaultRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        String from = "system property " + ROOT_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ROOT_PROPERTY);
            from = "environment variable " + ROOT_PROPERTY;
        }
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p.resolve(Manifest.FILE))) {
                throw new IllegalStateException(from + " = " + p + ": no " + Manifest.FILE + " there");
            }
            return p;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve("datasets");
            if (Files.isRegularFile(candidate.resolve(Manifest.FILE))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no datasets/" + Manifest.FILE + " above " + start + "; set -D" + ROOT_PROPERTY
                + "=<datasets folder> or the environment variable " + ROOT_PROPERTY);
    }

    /**
     * A uniform random sample of {@code n} examples without replacement, returned in input order. The
     * chosen set is the first {@code n} of a seeded permutation, so with the same seed a larger
     * {@code n} gives a superset (nested learning-curve subsets, paper 1, Figure 2).
     */
    public static List<Example> sample(List<Example> examples, int n, long seed) {
        checkList(examples);
        return pick(examples, Sampling.uniform(examples.size(), n, seed));
    }

    /**
     * A stratified random sample of {@code n} classification examples without replacement, in input
     * order: each label gets its largest-remainder share of {@code n} (proportional to its count), drawn
     * uniformly within the label with the given seed.
     *
     * @throws IllegalArgumentException if an example has no label (regression) or n is out of range
     */
    public static List<Example> sampleStratified(List<Example> examples, int n, long seed) {
        return pick(examples, Sampling.stratified(labels(examples), n, seed));
    }

    /** The result of {@link #holdOut}: the examples kept and the ones held out, each in input order. */
    public record HoldOut(List<Example> rest, List<Example> heldOut) {
        public HoldOut {
            rest = List.copyOf(rest);
            heldOut = List.copyOf(heldOut);
        }
    }

    /**
     * Splits off {@code heldOut} examples: stratified by label for classification examples
     * ({@link #sampleStratified}), uniform for regression ({@link #sample}). Paper 2, §4.1 holds out 10%
     * of the original training set as a new dev set; the derived CR, SentEval-CR and Amazon test splits
     * are made with this method and {@link #DERIVED_SPLIT_SEED}.
     */
    public static HoldOut holdOut(List<Example> examples, int heldOut, long seed) {
        checkList(examples);
        boolean anyRegression = examples.stream().anyMatch(Example::isRegression);
        boolean anyClassification = examples.stream().anyMatch(x -> !x.isRegression());
        if (anyRegression && anyClassification) {
            throw new IllegalArgumentException("examples: mixes regression and classification examples");
        }
        int[] chosen = anyClassification ? Sampling.stratified(labels(examples), heldOut, seed)
                : Sampling.uniform(examples.size(), heldOut, seed);
        boolean[] out = new boolean[examples.size()];
        for (int i : chosen) {
            out[i] = true;
        }
        List<Example> rest = new ArrayList<>();
        List<Example> held = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            (out[i] ? held : rest).add(examples.get(i));
        }
        return new HoldOut(rest, held);
    }

    private static int[] labels(List<Example> examples) {
        checkList(examples);
        int[] y = new int[examples.size()];
        for (int i = 0; i < y.length; i++) {
            Example x = examples.get(i);
            if (x.isRegression()) {
                throw new IllegalArgumentException("examples: stratified sampling needs classification examples, "
                        + x.where() + " is a regression example");
            }
            y[i] = x.label();
        }
        return y;
    }

    private static List<Example> pick(List<Example> examples, int[] idx) {
        List<Example> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(examples.get(i));
        }
        return List.copyOf(out);
    }

    private static void checkList(List<Example> examples) {
        if (examples == null) {
            throw new IllegalArgumentException("examples must not be null");
        }
    }
}
