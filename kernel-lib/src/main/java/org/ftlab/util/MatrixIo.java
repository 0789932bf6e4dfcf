package org.ftlab.util;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes numeric matrices and vectors as tab-separated text (TSV) without a header.
 *
 * <p>Format: one matrix row per line, fields separated by a single tab; a vector file holds one
 * number per line. Numbers are plain decimals with an optional exponent ({@code -1.5e-3});
 * {@code NaN}, {@code Infinity}, empty fields and anything else are rejected. Blank lines are
 * allowed only at the end of the file; a trailing {@code \r} (Windows line ends) is ignored.
 *
 * <p>Every reading error is an {@link IllegalArgumentException} whose one-line message names the
 * file, the 1-based line and, for matrices, the 1-based column. Writing uses
 * {@link Double#toString(double)}, which round-trips every finite double exactly.
 */
public final class MatrixIo {

    /** Plain decimal with optional sign, fraction and exponent; no hex, no type suffix. */
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private MatrixIo() {
    }

    /**
     * Reads a square N&times;N matrix (e.g. an empirical kernel matrix, eq. (5) of paper 1).
     *
     * @throws IllegalArgumentException if the file is missing, empty, has a bad field, ragged rows
     *     or is not square
     */
    public static double[][] readSquare(Path file) {
        double[][] m = readMatrix(file);
        if (m.length != m[0].length) {
            throw new IllegalArgumentException(file + ": matrix is not square: " + m.length
                    + " rows x " + m[0].length + " columns");
        }
        return m;
    }

    /**
     * Reads a rectangular matrix (all rows must have the same number of columns), e.g. a
     * test/train cross-kernel.
     *
     * @throws IllegalArgumentException if the file is missing, empty, has a bad field or ragged
     *     rows
     */
    public static double[][] readMatrix(Path file) {
        List<String> lines = readLines(file);
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            if (line.isBlank()) {
                requireOnlyBlankAfter(file, lines, i);
                break;
            }
            String[] fields = line.split("\t", -1);
            if (width < 0) {
                width = fields.length;
            } else if (fields.length != width) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": ragged row: "
                        + fields.length + " columns, expected " + width + " (as on line 1)");
            }
            double[] row = new double[fields.length];
            for (int j = 0; j < fields.length; j++) {
                row[j] = parse(file, lineNo, j + 1, fields[j]);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file, expected a numeric matrix");
        }
        return rows.toArray(new double[0][]);
    }

    /**
     * Reads a vector, one number per line.
     *
     * @throws IllegalArgumentException if the file is missing, empty, has a bad number or a line
     *     with more than one field
     */
    public static double[] readVector(Path file) {
        List<String> lines = readLines(file);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                requireOnlyBlankAfter(file, lines, i);
                break;
            }
            if (line.indexOf('\t') >= 0) {
                throw new IllegalArgumentException(file + ":" + (i + 1)
                        + ": expected one number per line, found a tab-separated row");
            }
            values.add(parse(file, i + 1, 1, line));
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file, expected one number per line");
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return v;
    }

    /**
     * Writes a matrix as TSV with full double precision; {@link #readMatrix} reads it back
     * bit-for-bit.
     *
     * @throws IllegalArgumentException if the matrix is empty, ragged or holds NaN/Infinity
     */
    public static void writeMatrix(Path file, double[][] m) {
        if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException("matrix: must have at least one row and column");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != m[0].length) {
                throw new IllegalArgumentException("matrix: row " + i + " has "
                        + (m[i] == null ? "no" : m[i].length) + " columns, expected " + m[0].length);
            }
            for (int j = 0; j < m[i].length; j++) {
                requireFinite(m[i][j], "matrix[" + i + "][" + j + "]");
                if (j > 0) {
                    sb.append('\t');
                }
                sb.append(Double.toString(m[i][j]));
            }
            sb.append('\n');
        }
        write(file, sb);
    }

    /**
     * Writes a vector, one number per line, with full double precision.
     *
     * @throws IllegalArgumentException if the vector is empty or holds NaN/Infinity
     */
    public static void writeVector(Path file, double[] v) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException("vector: must have at least one element");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            requireFinite(v[i], "vector[" + i + "]");
            sb.append(Double.toString(v[i])).append('\n');
        }
        write(file, sb);
    }

    private static void requireFinite(double x, String what) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(what + " is " + x + ", only finite numbers are written");
        }
    }

    private static void write(Path file, CharSequence text) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(Path file) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return lines;
    }

    private static void requireOnlyBlankAfter(Path file, List<String> lines, int firstBlank) {
        for (int k = firstBlank + 1; k < lines.size(); k++) {
            if (!lines.get(k).isBlank()) {
                throw new IllegalArgumentException(file + ":" + (firstBlank + 1)
                        + ": blank line inside the data (data continues on line " + (k + 1) + ")");
            }
        }
    }

    private static double parse(Path file, int line, int column, String field) {
        String s = field.strip();
        String where = file + ":" + line + ": column " + column + ": ";
        if (s.isEmpty()) {
            throw new IllegalArgumentException(where + "empty field");
        }
        if (!NUMBER.matcher(s).matches()) {
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (lower.matches("[+-]?(nan|inf|infinity)")) {
                throw new IllegalArgumentException(where + "'" + s + "' is not finite");
            }
            throw new IllegalArgumentException(where + "'" + abbreviate(s) + "' is not a number");
        }
        double x = Double.parseDouble(s);
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(where + "'" + abbreviate(s)
                    + "' overflows a double (not finite)");
        }
        return x;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
