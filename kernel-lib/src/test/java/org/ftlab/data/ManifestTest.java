package org.ftlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** datasets/MANIFEST is complete and correct, and the loaders detect altered files. */
class ManifestTest {

    @Test
    void manifestListsEveryShippedFileWithItsHash() throws IOException {
        Path root = TestRoots.shipped();
        Map<String, String[]> rows = new TreeMap<>();
        var lines = Files.readAllLines(root.resolve("MANIFEST"), StandardCharsets.UTF_8);
        assertEquals("path\tsha256\trows\tsource_repo\tcommit\tterms", lines.get(0), "MANIFEST header");
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split("\t", -1);
            assertEquals(6, c.length, "MANIFEST line has 6 columns: " + l);
            rows.put(c[0], c);
        }
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> onDisk.add(root.relativize(p).toString().replace('\\', '/')));
        }
        onDisk.remove("MANIFEST");
        assertEquals(onDisk, rows.keySet(), "MANIFEST must list exactly the files in datasets/");
        for (String rel : onDisk) {
            assertEquals(TestRoots.sha256(Files.readAllBytes(root.resolve(rel))), rows.get(rel)[1],
                    rel + ": MANIFEST sha256 vs SHA-256 computed in this test");
        }
    }

    @Test
    void manifestRowsMatchWhatTheLoadersRead() throws IOException {
        Path root = TestRoots.shipped();
        Root r = Root.verified(root);
        for (String name : Datasets.names()) {
            Datasets.load(name, r);
        }
        Map<String, Manifest.Entry> entries = Manifest.read(root).entries();
        for (Map.Entry<String, Manifest.Entry> e : entries.entrySet()) {
            Integer read = r.rowsRead().get(e.getKey());
            assertEquals(read == null ? "-" : read.toString(), e.getValue().rows(),
                    e.getKey() + ": MANIFEST rows vs lines after the header as read by the loaders ('-' if no loader reads it)");
        }
        // and rows are the plain line counts minus headers, counted here from the bytes
        assertEquals("2490", entries.get("RTE/train.tsv").rows(), "RTE train: 2,491 lines minus header (PROVENANCE 2490)");
        assertEquals("516", entries.get("CoLA/raw/out_of_domain_dev.tsv").rows(), "516 rows, last without newline (PROVENANCE)");
        long lf = Files.readString(root.resolve("CR-SentEval/custrev.pos")).chars().filter(ch -> ch == '\n').count();
        assertEquals(Long.toString(lf), entries.get("CR-SentEval/custrev.pos").rows(), "custrev.pos: one row per newline");
    }

    @Test
    void alteredByteIsDetectedNamingFileAndBothHashes(@TempDir Path tmp) throws IOException {
        Path root = TestRoots.copy(tmp, "RTE");
        Path dev = root.resolve("RTE/dev.tsv");
        String expected = TestRoots.sha256(Files.readAllBytes(dev));
        assertEquals(277, Datasets.load("rte", root).dev().size(), "the intact copy loads");
        byte[] b = Files.readAllBytes(dev);
        b[1000] = (byte) (b[1000] == 'x' ? 'y' : 'x');
        Files.write(dev, b);
        Files.setLastModifiedTime(dev, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        String actual = TestRoots.sha256(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("rte", root),
                "one altered byte must fail verification even after the intact file was verified in this JVM");
        assertTrue(e.getMessage().contains("RTE/dev.tsv"), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(actual), "names both hashes: " + e.getMessage());
    }

    @Test
    void fileMissingFromManifestIsAnError(@TempDir Path tmp) throws IOException {
        Path root = TestRoots.copy(tmp, "RTE");
        String manifest = Files.readString(root.resolve("MANIFEST"));
        Files.writeString(root.resolve("MANIFEST"), manifest.replaceAll("(?m)^RTE/train\\.tsv\t.*\n", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("rte", root));
        assertTrue(e.getMessage().startsWith("RTE/train.tsv: not listed in"), e.getMessage());
    }

    @Test
    void malformedManifestIsAnError(@TempDir Path tmp) throws IOException {
        Path root = TestRoots.copy(tmp, "RTE");
        String manifest = Files.readString(root.resolve("MANIFEST"));
        Files.writeString(root.resolve("MANIFEST"), manifest.replaceFirst("\t[0-9a-f]{64}\t", "\tnot-a-hash\t"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("rte", root));
        assertTrue(e.getMessage().contains("MANIFEST:2: sha256 must be 64"), e.getMessage());
    }
}
