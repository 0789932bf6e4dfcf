package org.ftlab.data;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Strict field parsing shared by the loaders. TSV lines are split on every tab with no quoting at all
 * (GLUE files contain unbalanced quotes; see STACK.md), and the column count must match exactly.
 * Numbers must look like plain decimals: no {@code NaN}, {@code Infinity}, hex or surrounding spaces.
 */
final class Parse {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?(?:0|[1-9][0-9]*)");

    private Parse() {
    }

    /** Splits {@code f.line(n)} on tabs; the number of fields must be one of {@code counts}. */
    static String[] tsv(TextFile f, int n, int... counts) {
        String[] c = f.line(n).split("\t", -1);
        for (int k : counts) {
            if (c.length == k) {
                return c;
            }
        }
        String expected = counts.length == 1 ? Integer.toString(counts[0])
                : Arrays.toString(counts).replace("[", "").replace("]", "").replace(", ", " or ");
        throw f.error(n, "expected " + expected + " tab-separated columns, found " + c.length);
    }

    /** Requires line {@code n} to be exactly {@code header}. */
    static void header(TextFile f, int n, String header) {
        if (!f.line(n).equals(header)) {
            throw f.error(n, "expected header '" + TextFile.show(header) + "', found '" + TextFile.show(f.line(n)) + "'");
        }
    }

    static double score(TextFile f, int n, String s, double min, double max) {
        String problem = scoreProblem(s, min, max);
        if (problem != null) {
            throw f.error(n, problem);
        }
        return Double.parseDouble(s);
    }

    /** Null if {@code s} is a plain decimal in [min, max], else what is wrong with it. */
    static String scoreProblem(String s, double min, double max) {
        if (!DECIMAL.matcher(s).matches()) {
            return "unparsable score '" + TextFile.show(s) + "'";
        }
        double v = Double.parseDouble(s);
        if (v < min || v > max) {
            return "score " + s + " outside " + min + ".." + max;
        }
        return null;
    }

    static int integer(TextFile f, int n, String s, String what) {
        if (!INTEGER.matcher(s).matches()) {
            throw f.error(n, "unparsable " + what + " '" + TextFile.show(s) + "'");
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw f.error(n, what + " out of range: " + s);
        }
    }

    /** The index of {@code s} in {@code accepted}: the label's text as it appears in the file. */
    static int label(TextFile f, int n, String s, List<String> accepted) {
        int i = accepted.indexOf(s);
        if (i < 0) {
            throw f.error(n, "unparsable label '" + TextFile.show(s) + "', expected one of " + accepted);
        }
        return i;
    }

    /** Requires a sentence with at least one non-blank character. */
    static String text(TextFile f, int n, String s, String what) {
        if (s.isBlank()) {
            throw f.error(n, what + " is empty");
        }
        return s;
    }
}
