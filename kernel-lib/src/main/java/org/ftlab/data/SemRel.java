package org.ftlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * SemRel2024 Track A, English (Ousidhoum et al. 2024), the semantic-relatedness regression task of
 * paper 1, §7 (scores 0..1). <b>Not shipped</b>: see {@link #NOT_SHIPPED}. Point {@link #load(Path)} at
 * your own copy of {@code Track A/eng/} from
 * {@code github.com/semantic-textual-relatedness/Semantic_Relatedness_SemEval2024}.
 *
 * <p>Format (RFC 4180 CSV, UTF-8): header {@code PairID,Text,Score}; {@code Text} is a quoted field
 * holding {@code sentence1 \n sentence2} (a line break inside the quotes; {@code ""} escapes a quote);
 * Score is a decimal in [0, 1]. Parsing is strict: a record with other than 3 fields, a Text without
 * exactly one line break, an unparsable or out-of-range score, a stray or unclosed quote is an
 * {@link IllegalArgumentException} naming the file and the line where the record starts. Files without
 * the Score column ({@code eng_dev.csv}, {@code eng_test.csv}) are rejected: use the
 * {@code *_with_labels.csv} files.
 */
public final class SemRel {

    /** Why the data are absent from {@code datasets/}. */
    public static final String NOT_SHIPPED = "SemRel2024 is not shipped with ftlab: its publishers allow research use"
            + " but forbid redistributing the data \"in part or full\". Download Track A/eng/ from"
            + " github.com/semantic-textual-relatedness/Semantic_Relatedness_SemEval2024 yourself and call"
            + " SemRel.load(Path.of(\".../Track A/eng\")).";

    /** File names looked up by {@link #load(Path)}: train, dev (with labels), test (with labels). */
    public static final String TRAIN_FILE = "eng_train.csv";
    public static final String DEV_FILE = "eng_dev_with_labels.csv";
    public static final String TEST_FILE = "eng_test_with_labels.csv";

    private SemRel() {
    }

    /**
     * Loads whichever of {@value #TRAIN_FILE}, {@value #DEV_FILE}, {@value #TEST_FILE} exist in
     * {@code dir} (upstream sizes 5,500 / 250 / 2,600). Nothing is checksummed: the files are yours.
     *
     * @throws IllegalArgumentException if the folder holds none of them (the message says why they are
     *                                  not shipped) or a file is malformed
     */
    public static Dataset load(Path userSuppliedDir) {
        if (userSuppliedDir == null || !Files.isDirectory(userSuppliedDir)) {
            throw new IllegalArgumentException("userSuppliedDir: " + userSuppliedDir + " is not a folder. " + NOT_SHIPPED);
        }
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        String[][] files = {{TRAIN_FILE, "TRAIN"}, {DEV_FILE, "DEV"}, {TEST_FILE, "TEST"}};
        for (String[] f : files) {
            Path p = userSuppliedDir.resolve(f[0]);
            if (Files.isRegularFile(p)) {
                parts.put(Split.valueOf(f[1]), new Dataset.Part(parse(p), false, "SemRel2024 Track A eng " + f[0]
                        + " (user-supplied, " + p + ")"));
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("userSuppliedDir: " + userSuppliedDir + " holds none of " + TRAIN_FILE + ", "
                    + DEV_FILE + ", " + TEST_FILE + ". " + NOT_SHIPPED);
        }
        return Dataset.regression("semrel", 0, 1, true, parts, List.of());
    }

    /** Parses one SemRel CSV file (see the class comment for the format). */
    public static List<Example> parse(Path csvFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(csvFile);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("csvFile: " + csvFile + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + csvFile, e);
        }
        String name = csvFile.toString();
        TextFile lines = TextFile.decode(name, bytes); // strict UTF-8, names the line of a bad byte
        String text = String.join("\n", linesOf(lines));
        List<Record> records = csv(name, text);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(name + ":1: empty file, expected header PairID,Text,Score");
        }
        List<String> header = records.get(0).fields();
        if (header.equals(List.of("PairID", "Text"))) {
            throw new IllegalArgumentException(name + ":1: no Score column (unlabelled file); use the *_with_labels.csv files");
        }
        if (!header.equals(List.of("PairID", "Text", "Score"))) {
            throw new IllegalArgumentException(name + ":1: expected header PairID,Text,Score, found " + String.join(",", header));
        }
        List<Example> out = new ArrayList<>(records.size() - 1);
        for (Record r : records.subList(1, records.size())) {
            String where = name + ":" + r.line() + ": ";
            if (r.fields().size() != 3) {
                throw new IllegalArgumentException(where + "expected 3 comma-separated fields, found " + r.fields().size());
            }
            if (r.fields().get(0).isBlank()) {
                throw new IllegalArgumentException(where + "empty PairID");
            }
            String[] s = r.fields().get(1).split("\n", -1);
            if (s.length != 2 || s[0].isBlank() || s[1].isBlank()) {
                throw new IllegalArgumentException(where + "Text must hold two non-empty sentences separated by one line break, found "
                        + s.length + " line(s)");
            }
            String problem = Parse.scoreProblem(r.fields().get(2), 0, 1);
            if (problem != null) {
                throw new IllegalArgumentException(where + problem);
            }
            double score = Double.parseDouble(r.fields().get(2));
            out.add(Example.regression(s[0], s[1], score, name, r.line()));
        }
        return List.copyOf(out);
    }

    private static List<String> linesOf(TextFile f) {
        List<String> l = new ArrayList<>(f.lineCount());
        for (int n = 1; n <= f.lineCount(); n++) {
            l.add(f.line(n));
        }
        return l;
    }

    record Record(int line, List<String> fields) {
    }

    /**
     * RFC 4180 records from text whose line breaks are {@code \n} (CRLF already reduced): quoted fields
     * may hold commas, line breaks and {@code ""}; a quote inside an unquoted field, text after a closing
     * quote, or an unclosed quote is an error naming the line.
     */
    static List<Record> csv(String name, String text) {
        List<Record> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        int len = text.length();
        while (i < len) {
            int start = line;
            List<String> fields = new ArrayList<>();
            while (true) {
                StringBuilder field = new StringBuilder();
                if (i < len && text.charAt(i) == '"') {
                    int quoteLine = line;
                    i++;
                    while (true) {
                        if (i >= len) {
                            throw new IllegalArgumentException(name + ":" + quoteLine + ": unclosed quote");
                        }
                        char c = text.charAt(i++);
                        if (c == '"') {
                            if (i < len && text.charAt(i) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            if (c == '\n') {
                                line++;
                            }
                            field.append(c);
                        }
                    }
                    if (i < len && text.charAt(i) != ',' && text.charAt(i) != '\n') {
                        throw new IllegalArgumentException(name + ":" + line + ": text after a closing quote");
                    }
                } else {
                    while (i < len && text.charAt(i) != ',' && text.charAt(i) != '\n') {
                        char c = text.charAt(i++);
                        if (c == '"') {
                            throw new IllegalArgumentException(name + ":" + line + ": quote inside an unquoted field");
                        }
                        field.append(c);
                    }
                }
                fields.add(field.toString());
                if (i < len && text.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i < len) { // '\n'
                    i++;
                    line++;
                }
                break;
            }
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                throw new IllegalArgumentException(name + ":" + start + ": empty line");
            }
            out.add(new Record(start, fields));
        }
        return out;
    }
}
