package org.ftlab.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A loaded dataset: its task, its splits and where every split came from.
 *
 * <p>Obtain one from {@link Datasets#load(String, java.nio.file.Path)} or {@link SemRel#load}. All
 * lists are unmodifiable and in source order (file order, or the documented order for merged
 * files). Splits that the upstream distribution does not provide with labels are either absent
 * ({@link #has(Split)} is false) or documented stand-ins ({@link #isStandIn(Split)}), never silently
 * invented; {@link #describe(Split)} says which.
 */
public final class Dataset {

    /** One split's examples and provenance. */
    record Part(List<Example> examples, boolean standIn, String description) {
        Part {
            examples = List.copyOf(examples);
            Objects.requireNonNull(description);
        }
    }

    private final String name;
    private final TaskType taskType;
    private final double scoreMin;
    private final double scoreMax;
    private final List<String> labelNames;
    private final boolean pair;
    private final Map<Split, Part> parts;
    private final List<LineNote> lineNotes;

    Dataset(String name, TaskType taskType, double scoreMin, double scoreMax, List<String> labelNames,
            boolean pair, Map<Split, Part> parts, List<LineNote> lineNotes) {
        this.name = Objects.requireNonNull(name);
        this.taskType = Objects.requireNonNull(taskType);
        this.scoreMin = scoreMin;
        this.scoreMax = scoreMax;
        this.labelNames = List.copyOf(labelNames);
        this.pair = pair;
        this.parts = Collections.unmodifiableMap(new EnumMap<>(parts));
        this.lineNotes = List.copyOf(lineNotes);
        if (taskType == TaskType.CLASSIFICATION && this.labelNames.size() < 2) {
            throw new IllegalArgumentException("labelNames: a classification dataset needs >= 2 labels, got " + labelNames);
        }
        if (taskType == TaskType.REGRESSION && !(scoreMin < scoreMax)) {
            throw new IllegalArgumentException("score range: need scoreMin < scoreMax, got " + scoreMin + ".." + scoreMax);
        }
        for (Map.Entry<Split, Part> e : this.parts.entrySet()) {
            for (Example x : e.getValue().examples()) {
                check(x, e.getKey());
            }
        }
    }

    static Dataset regression(String name, double min, double max, boolean pair, Map<Split, Part> parts,
                              List<LineNote> notes) {
        return new Dataset(name, TaskType.REGRESSION, min, max, List.of(), pair, parts, notes);
    }

    static Dataset classification(String name, List<String> labels, boolean pair, Map<Split, Part> parts,
                                  List<LineNote> notes) {
        return new Dataset(name, TaskType.CLASSIFICATION, Double.NaN, Double.NaN, labels, pair, parts, notes);
    }

    private void check(Example x, Split s) {
        String where = name + " " + s.label() + " " + x.where();
        if (x.isPair() != pair) {
            throw new IllegalArgumentException(where + ": expected " + (pair ? "a sentence pair" : "a single sentence"));
        }
        if (taskType == TaskType.REGRESSION) {
            if (!x.isRegression() || x.score() < scoreMin || x.score() > scoreMax) {
                throw new IllegalArgumentException(where + ": score " + x.score() + " outside " + scoreMin + ".." + scoreMax);
            }
        } else if (x.isRegression() || x.label() >= labelNames.size()) {
            throw new IllegalArgumentException(where + ": label " + x.label() + " not in 0.." + (labelNames.size() - 1));
        }
    }

    /** The name passed to {@link Datasets#load(String, java.nio.file.Path)}, e.g. {@code "rte"}. */
    public String name() {
        return name;
    }

    public TaskType taskType() {
        return taskType;
    }

    /** Lowest possible score of a regression dataset (e.g. 0 for STS). */
    public double scoreMin() {
        requireRegression("scoreMin");
        return scoreMin;
    }

    /** Highest possible score of a regression dataset (e.g. 5 for STS, 1 for SemRel). */
    public double scoreMax() {
        requireRegression("scoreMax");
        return scoreMax;
    }

    private void requireRegression(String what) {
        if (taskType != TaskType.REGRESSION) {
            throw new IllegalStateException(what + ": dataset " + name + " is a classification task (labels "
                    + labelNames + ")");
        }
    }

    /** Label names indexed by {@link Example#label()}; empty for regression datasets. */
    public List<String> labelNames() {
        return labelNames;
    }

    /** Number of classes; 0 for regression datasets. */
    public int numClasses() {
        return labelNames.size();
    }

    /** True if examples are sentence pairs ({@link Example#text2()} non-null), false for single sentences. */
    public boolean isPair() {
        return pair;
    }

    /** The splits this dataset provides, in train, dev, test order. */
    public Set<Split> splits() {
        return parts.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(parts.keySet()));
    }

    public boolean has(Split split) {
        return parts.containsKey(split);
    }

    /**
     * The examples of one split.
     *
     * @throws IllegalArgumentException if the dataset has no such split (the message lists the ones it has)
     */
    public List<Example> split(Split split) {
        return part(split).examples();
    }

    public List<Example> train() {
        return split(Split.TRAIN);
    }

    public List<Example> dev() {
        return split(Split.DEV);
    }

    /** The test split, or its documented stand-in (see {@link #isStandIn(Split)}). */
    public List<Example> test() {
        return split(Split.TEST);
    }

    /**
     * True if this split is not the upstream split of that name: e.g. the GLUE dev set standing in for
     * the hidden-label GLUE test set, or a seeded hold-out drawn because the source has no such split.
     */
    public boolean isStandIn(Split split) {
        return part(split).standIn();
    }

    /** One line saying where the split comes from (files, sizes, seed if derived). */
    public String describe(Split split) {
        return part(split).description();
    }

    /**
     * Source lines skipped on purpose or repaired while loading (empty for most datasets). Every line of
     * every file read is either an example, a header, or listed here.
     */
    public List<LineNote> lineNotes() {
        return lineNotes;
    }

    /**
     * Examples per label in a split (classification only).
     *
     * @return array of length {@link #numClasses()}
     */
    public int[] labelCounts(Split split) {
        if (taskType != TaskType.CLASSIFICATION) {
            throw new IllegalStateException("labelCounts: dataset " + name + " is a regression task");
        }
        int[] counts = new int[labelNames.size()];
        for (Example x : split(split)) {
            counts[x.label()]++;
        }
        return counts;
    }

    private Part part(Split split) {
        Part p = parts.get(Objects.requireNonNull(split, "split"));
        if (p == null) {
            throw new IllegalArgumentException("split: dataset " + name + " has no " + split.label()
                    + " split (available: " + splits().stream().map(Split::label).collect(Collectors.joining(", ")) + ")");
        }
        return p;
    }

    /** A short multi-line summary: task, sizes and provenance of each split. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(name).append(": ").append(pair ? "sentence pairs, " : "single sentences, ");
        if (taskType == TaskType.REGRESSION) {
            b.append("regression ").append(scoreMin).append("..").append(scoreMax);
        } else {
            b.append("classification ").append(labelNames);
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Split, Part> e : parts.entrySet()) {
            lines.add("\n  " + e.getKey().label() + " " + e.getValue().examples().size()
                    + (e.getValue().standIn() ? " (stand-in)" : "") + ": " + e.getValue().description());
        }
        lines.forEach(b::append);
        if (!lineNotes.isEmpty()) {
            long skipped = lineNotes.stream().filter(LineNote::skipped).count();
            b.append("\n  line notes: ").append(skipped).append(" skipped, ")
                    .append(lineNotes.size() - skipped).append(" repaired");
        }
        return b.toString();
    }
}
