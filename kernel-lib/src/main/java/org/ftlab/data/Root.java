package org.ftlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A datasets folder being read: resolves relative paths, verifies against MANIFEST, counts rows read. */
final class Root {

    private final Path dir;
    private final Manifest manifest; // null: no verification (Manifest.main only)
    private final Map<String, Integer> rowsRead = new LinkedHashMap<>();

    private Root(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    static Root verified(Path dir) {
        return new Root(dir, Manifest.read(dir));
    }

    static Root unverified(Path dir) {
        return new Root(dir, null);
    }

    Path dir() {
        return dir;
    }

    /**
     * Reads {@code relPath} (with {@code /} separators), verifies it against MANIFEST and records its
     * row count as lines minus {@code headerLines}.
     */
    TextFile read(String relPath, int headerLines) {
        Path file = dir.resolve(relPath);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(relPath + ": missing from datasets root " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        if (manifest != null) {
            manifest.verify(relPath, file, bytes);
        }
        TextFile f = TextFile.decode(relPath, bytes);
        if (f.lineCount() < headerLines) {
            throw f.error(Math.max(1, f.lineCount()), "expected at least " + headerLines + " header line(s)");
        }
        rowsRead.put(relPath, f.lineCount() - headerLines);
        return f;
    }

    Map<String, Integer> rowsRead() {
        return Collections.unmodifiableMap(rowsRead);
    }
}
