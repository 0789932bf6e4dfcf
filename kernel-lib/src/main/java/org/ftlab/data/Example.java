package org.ftlab.data;

/**
 * One labelled example, with the place it came from.
 *
 * <p>Exactly one of {@code score} and {@code label} is meaningful: regression examples carry a finite
 * {@code score} and {@code label == -1}; classification examples carry {@code label >= 0} and
 * {@code score} is {@code NaN}. Use {@link #target()} for "the number to fit" in either case: the
 * response {@code Y_i^tgt} of paper 1, eq. (1), or the label {@code y_i} of a pair {@code (x_i, y_i)} in
 * the training set {@code S} of paper 2, §2 (Definition 2.1).
 *
 * @param text1  the sentence (single-sentence tasks) or the first sentence of a pair
 * @param text2  the second sentence of a pair, {@code null} for single-sentence tasks
 * @param score  regression target, {@code NaN} for classification
 * @param label  class index into {@link Dataset#labelNames()}, {@code -1} for regression
 * @param source file the example was read from: a path relative to the datasets root with
 *               {@code /} separators (e.g. {@code RTE/train.tsv}), or the path of a user-supplied
 *               file (SemRel)
 * @param line   1-based line number in {@code source} where the example starts
 */
public record Example(String text1, String text2, double score, int label, String source, int line) {

    public Example {
        if (text1 == null) {
            throw new IllegalArgumentException("text1 must not be null (" + source + ":" + line + ")");
        }
        if (source == null || line < 1) {
            throw new IllegalArgumentException("source must be non-null and line >= 1, got " + source + ":" + line);
        }
        boolean regression = label == -1 && Double.isFinite(score);
        boolean classification = label >= 0 && Double.isNaN(score);
        if (!regression && !classification) {
            throw new IllegalArgumentException("example " + source + ":" + line
                    + " must have either a finite score and label -1, or a label >= 0 and score NaN; got score "
                    + score + ", label " + label);
        }
    }

    /** A regression example (label {@code -1}). */
    public static Example regression(String text1, String text2, double score, String source, int line) {
        return new Example(text1, text2, score, -1, source, line);
    }

    /** A classification example (score {@code NaN}). */
    public static Example classification(String text1, String text2, int label, String source, int line) {
        return new Example(text1, text2, Double.NaN, label, source, line);
    }

    /** True for sentence pairs ({@code text2 != null}). */
    public boolean isPair() {
        return text2 != null;
    }

    /** True for regression examples (a score, no label). */
    public boolean isRegression() {
        return label < 0;
    }

    /** The score for regression examples, the label (as a double) for classification examples. */
    public double target() {
        return isRegression() ? score : label;
    }

    /** {@code source:line}, the form used in error messages. */
    public String where() {
        return source + ":" + line;
    }
}
