package org.ftlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Helpers for tests: the shipped datasets folder, and temporary copies with a fresh MANIFEST. */
final class TestRoots {

    private TestRoots() {
    }

    /** The shipped datasets folder (tests run with kernel-lib as working directory). */
    static Path shipped() {
        Path p = Path.of("..", "datasets").toAbsolutePath().normalize();
        if (!Files.isRegularFile(p.resolve("MANIFEST"))) {
            throw new IllegalStateException("tests expect ../datasets/MANIFEST relative to " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** SHA-256 in lower-case hex, computed here independently of {@link Manifest}. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies every shipped file under {@code folder} (e.g. "RTE") into {@code tmp} and writes a MANIFEST. */
    static Path copy(Path tmp, String... folders) {
        try {
            for (String folder : folders) {
                Path src = shipped().resolve(folder);
                try (Stream<Path> s = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                        Path dst = tmp.resolve(shipped().relativize(p).toString());
                        Files.createDirectories(dst.getParent());
                        Files.copy(p, dst);
                    }
                }
            }
            writeManifest(tmp);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces line {@code n} (1-based) of a text file, keeping the other bytes, and refreshes MANIFEST. */
    static void replaceLine(Path root, String rel, int n, String newLine) {
        try {
            Path f = root.resolve(rel);
            String text = Files.readString(f, StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            lines[n - 1] = newLine;
            Files.writeString(f, String.join("\n", lines), StandardCharsets.UTF_8);
            writeManifest(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file and refreshes MANIFEST. */
    static void write(Path root, String rel, String content) {
        write(root, rel, content.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path root, String rel, byte[] content) {
        try {
            Path f = root.resolve(rel);
            Files.createDirectories(f.getParent());
            Files.write(f, content);
            writeManifest(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A MANIFEST listing every file under root with its current hash (rows and sources are placeholders). */
    static void writeManifest(Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("path\tsha256\trows\tsource_repo\tcommit\tterms");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (!rel.equals("MANIFEST")) {
                    lines.add(rel + "\t" + sha256(Files.readAllBytes(p)) + "\t-\ttest\t-\ttest");
                }
            }
        }
        Files.writeString(root.resolve("MANIFEST"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
