package org.ftlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ftlab.data.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared store of {@link FeatureCache} with a stand-in encoder (features computed from the
 * example's line number), so memory hits, disk hits, rebuilds and keys are checked without a model.
 */
class FeatureCacheStoreTest {

  private static List<Example> split(int n) {
    List<Example> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      s.add(Example.classification("text " + i, null, i % 2, "TEST/train.tsv", i + 2));
    }
    return s;
  }

  /** Counts the examples it encodes; feature j of an example is line + j/8. */
  private static final class Counting implements Function<List<Example>, float[][]> {
    int encoded;

    @Override
    public float[][] apply(List<Example> ex) {
      encoded += ex.size();
      float[][] f = new float[ex.size()][5];
      for (int i = 0; i < f.length; i++) {
        for (int j = 0; j < 5; j++) {
          f[i][j] = ex.get(i).line() + j / 8f;
        }
      }
      return f;
    }
  }

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString();
  }

  @Test
  void memoryThenDiskThenRebuild(@TempDir Path dir) throws Exception {
    List<Example> s = split(20);
    FeatureCache.Key key = FeatureCache.key("fake", "test", "train", 32, "pooled", s);
    assertEquals(64, key.sha256().length(), "a SHA-256 (content hash: TEST/ is not in MANIFEST)");
    Counting enc = new Counting();
    FeatureCache.clearMemory();
    float[][] a = FeatureCache.features(key, s, s.subList(3, 9), enc, dir);
    assertEquals(6, enc.encoded);
    assertArrayEquals(new float[] {5, 5.125f, 5.25f, 5.375f, 5.5f}, a[0], "row of line 5");
    FeatureCache.features(key, s, s.subList(5, 12), enc, dir);
    assertEquals(9, enc.encoded, "only the 3 new examples are encoded (memory hit for 5..8)");
    Path file = FeatureCache.file(dir, key);
    assertTrue(Files.isRegularFile(file), file + " written");
    assertEquals(4 + 4 + 4 + key.text().length() + 8 + 9 * (4 + 4 * 5) + 8, Files.size(file),
        "header + 9 indices + 9 x 5 float32 + CRC");

    FeatureCache.clearMemory();
    Counting enc2 = new Counting();
    float[][] b = FeatureCache.features(key, s, s.subList(3, 12), enc2, dir);
    assertEquals(0, enc2.encoded, "all 9 read from disk");
    for (int i = 0; i < 9; i++) {
      assertArrayEquals(enc.apply(List.of(s.get(3 + i)))[0], b[i], 0f, "disk row " + i + " bit for bit");
    }

    // corrupt one byte of the features: the CRC fails, the file is rebuilt with a one-line warning
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 20] ^= 0x55;
    Files.write(file, bytes);
    FeatureCache.clearMemory();
    Counting enc3 = new Counting();
    String err = stderrOf(() -> FeatureCache.features(key, s, s.subList(3, 12), enc3, dir));
    assertTrue(err.contains(file.toString()) && err.contains("CRC32") && err.lines().count() == 1, err);
    assertEquals(9, enc3.encoded, "rebuilt: everything encoded again");
    FeatureCache.clearMemory();
    Counting enc4 = new Counting();
    FeatureCache.features(key, s, s.subList(3, 12), enc4, dir);
    assertEquals(0, enc4.encoded, "the rebuilt file is good");

    // a file holding another key (copied over this one's name) is rebuilt too
    FeatureCache.Key other = FeatureCache.key("fake", "test", "train", 64, "pooled", s);
    assertNotEquals(FeatureCache.file(dir, key), FeatureCache.file(dir, other), "max length is in the name");
    FeatureCache.features(other, s, s.subList(0, 2), new Counting(), dir);
    Files.copy(FeatureCache.file(dir, other), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    FeatureCache.clearMemory();
    Counting enc5 = new Counting();
    err = stderrOf(() -> FeatureCache.features(key, s, s.subList(3, 5), enc5, dir));
    assertTrue(err.contains(file.toString()) && err.contains("maxLength=64"), err);
    assertEquals(2, enc5.encoded);

    // a truncated file
    Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 30));
    FeatureCache.clearMemory();
    err = stderrOf(() -> FeatureCache.features(key, s, s.subList(3, 5), new Counting(), dir));
    assertTrue(err.contains(file.toString()) && err.contains("rebuilding"), err);
  }

  @Test
  void keysAndBadInput(@TempDir Path dir) {
    List<Example> s = split(4);
    FeatureCache.Key k1 = FeatureCache.key("m", "test", "train", 32, "pooled", s);
    List<Example> changed = new ArrayList<>(s);
    changed.set(1, Example.classification("other text", null, 1, "TEST/train.tsv", 3));
    FeatureCache.Key k2 = FeatureCache.key("m", "test", "train", 32, "pooled", changed);
    assertNotEquals(k1.sha256(), k2.sha256(), "content change, new checksum");
    FeatureCache.clearMemory();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureCache
        .features(k1, s, List.of(changed.get(1)), new Counting(), null));
    assertTrue(e.getMessage().startsWith("wanted: TEST/train.tsv:3"), e.getMessage());
    Counting c = new Counting();
    FeatureCache.features(k1, s, s, c, null);
    FeatureCache.features(k1, s, s, c, null);
    assertEquals(4, c.encoded, "memory only (no directory): encoded once");
    FeatureCache.features(k1, s, s, c, dir);
    assertEquals(4, c.encoded, "memory hit");
    assertTrue(Files.isRegularFile(FeatureCache.file(dir, k1)), "rows held in memory are written to a new directory");
  }

  @Test
  void manifestChecksumIsUsedForShippedFiles() throws Exception {
    List<Example> rte = org.ftlab.data.Datasets.load("rte").dev();
    FeatureCache.Key k = FeatureCache.key("m", "rte", "dev", 64, "pooled", rte);
    String line = Files.readAllLines(org.ftlab.data.Datasets.defaultRoot().resolve("MANIFEST")).stream()
        .filter(l -> l.startsWith(rte.get(0).source() + "\t")).findFirst().orElseThrow();
    assertEquals(line.split("\t")[1], k.sha256(), "sha256 column of " + rte.get(0).source());
  }
}
