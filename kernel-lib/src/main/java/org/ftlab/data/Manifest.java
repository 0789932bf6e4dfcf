package org.ftlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code datasets/MANIFEST}: one tab-separated line per shipped file,
 * {@code path  sha256  rows  source_repo  commit  terms}, after a header line. {@code rows} is the
 * number of lines after the header lines for files a loader reads, {@code -} for notices and readmes.
 *
 * <p>{@link #verify} checks a file's SHA-256 against its line, once per file per JVM (keyed by absolute
 * path, size, modification time and expected hash); a mismatch is an error naming the file and both
 * hashes. {@link #main} rewrites the sha256 and rows columns after a deliberate change.
 */
final class Manifest {

    static final String FILE = "MANIFEST";
    static final String HEADER = "path\tsha256\trows\tsource_repo\tcommit\tterms";

    record Entry(String path, String sha256, String rows, String repo, String commit, String terms) {
        String line() {
            return String.join("\t", path, sha256, rows, repo, commit, terms);
        }
    }

    private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Map<String, Entry> entries;

    private Manifest(Path dir, Map<String, Entry> entries) {
        this.dir = dir;
        this.entries = entries;
    }

    static Manifest read(Path datasetsDir) {
        Path file = datasetsDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("datasets root " + datasetsDir + ": no " + FILE + " file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        return parse(datasetsDir, TextFile.decode(file.toString(), bytes), true);
    }

    /** @param strictHashes false only for {@link #main}, which accepts placeholder hashes to fill in. */
    private static Manifest parse(Path dir, TextFile f, boolean strictHashes) {
        if (f.lineCount() == 0 || !f.line(1).equals(HEADER)) {
            throw f.error(1, "expected header '" + TextFile.show(HEADER) + "'");
        }
        Map<String, Entry> map = new LinkedHashMap<>();
        for (int n = 2; n <= f.lineCount(); n++) {
            String[] c = Parse.tsv(f, n, 6);
            if (strictHashes && !c[1].matches("[0-9a-f]{64}")) {
                throw f.error(n, "sha256 must be 64 lower-case hex digits, got '" + TextFile.show(c[1]) + "'");
            }
            if (!c[2].equals("-") && !c[2].matches("0|[1-9][0-9]*")) {
                throw f.error(n, "rows must be a count or '-', got '" + TextFile.show(c[2]) + "'");
            }
            if (map.put(c[0], new Entry(c[0], c[1], c[2], c[3], c[4], c[5])) != null) {
                throw f.error(n, "duplicate path " + c[0]);
            }
        }
        return new Manifest(dir, map);
    }

    Map<String, Entry> entries() {
        return entries;
    }

    Entry entry(String relPath) {
        Entry e = entries.get(relPath);
        if (e == null) {
            throw new IllegalArgumentException(relPath + ": not listed in " + dir.resolve(FILE));
        }
        return e;
    }

    /** Checks {@code bytes} (the content of {@code file}) against the MANIFEST line for {@code relPath}. */
    void verify(String relPath, Path file, byte[] bytes) {
        Entry e = entry(relPath);
        String key;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            key = file.toAbsolutePath().normalize() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis() + "|" + e.sha256();
        } catch (IOException ex) {
            throw new UncheckedIOException("reading attributes of " + file, ex);
        }
        if (VERIFIED.contains(key)) {
            return;
        }
        String actual = sha256(bytes);
        if (!actual.equals(e.sha256())) {
            throw new IllegalArgumentException("checksum mismatch for " + relPath + " (" + file + "): MANIFEST sha256 "
                    + e.sha256() + ", file sha256 " + actual);
        }
        VERIFIED.add(key);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * Rewrites {@code <datasetsDir>/MANIFEST}: recomputes sha256 for every listed file and rows by loading
     * every dataset without verification. Every file under the folder must already have a line (add new
     * files by hand with their source_repo, commit and terms; any sha256 placeholder will do).
     * Usage: {@code java -cp kernel-lib/target/classes:... org.ftlab.data.Manifest datasets}
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Manifest <datasets folder>");
        }
        Path dir = Path.of(args[0]);
        Path file = dir.resolve(FILE);
        Manifest old = parse(dir, TextFile.decode(file.toString(), Files.readAllBytes(file)), false);
        Root root = Root.unverified(dir);
        for (String name : Datasets.names()) {
            Datasets.load(name, root);
        }
        Map<String, Integer> rows = root.rowsRead();
        List<String> onDisk = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> onDisk.add(relative(dir, p)));
        }
        onDisk.remove(FILE);
        TreeMap<String, Entry> out = new TreeMap<>();
        for (String rel : onDisk) {
            Entry e = old.entries.get(rel);
            if (e == null) {
                throw new IllegalArgumentException(rel + ": on disk but not in MANIFEST; add a line with its source");
            }
            Integer r = rows.get(rel);
            out.put(rel, new Entry(rel, sha256(Files.readAllBytes(dir.resolve(rel))), r == null ? "-" : r.toString(),
                    e.repo(), e.commit(), e.terms()));
        }
        for (String rel : old.entries.keySet()) {
            if (!out.containsKey(rel)) {
                throw new IllegalArgumentException(rel + ": in MANIFEST but not on disk");
            }
        }
        for (String rel : rows.keySet()) {
            if (!out.containsKey(rel)) {
                throw new IllegalArgumentException(rel + ": read by a loader but not on disk");
            }
        }
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        out.values().forEach(e -> b.append(e.line()).append('\n'));
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        System.out.println("wrote " + file + ": " + out.size() + " files");
    }

    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
