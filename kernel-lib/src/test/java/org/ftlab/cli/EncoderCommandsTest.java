package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.ntk.EncoderNtk;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.util.Json;
import org.ftlab.util.MatrixIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code encode} and {@code ntk --model minilm} through {@link Main#run}: outputs against the encoder
 * called directly and against the closed form of the head-only NTK; bad input exits 2.
 */
class EncoderCommandsTest {
  @TempDir
  Path dir;

  static double[] doubles(JsonArray a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i).getAsDouble();
    }
    return d;
  }

  @Test
  void encodePrintsIdsEmbeddingAndNorm() {
    MainTest.Run r = MainTest.run("encode", "--model", "minilm", "--text", "A man plays a guitar.",
        "--text2", "Someone is playing music.");
    assertEquals(0, r.code(), r.err());
    JsonObject j = Json.parse(r.out());
    double[] ids = doubles(j.getAsJsonArray("ids"));
    double[] types = doubles(j.getAsJsonArray("typeIds"));
    double[] e = doubles(j.getAsJsonArray("embedding"));
    assertEquals(101, ids[0], 0, "[CLS] first");
    assertEquals(102, ids[ids.length - 1], 0, "[SEP] last");
    assertEquals(1, types[types.length - 1], 0, "second sentence has type id 1");
    assertEquals(384, e.length, "MiniLM hidden size");
    double ss = 0;
    for (double v : e) {
      ss += v * v;
    }
    assertEquals(Math.sqrt(ss), j.get("norm").getAsDouble(), 1e-9, "norm = |embedding|");
    // the same pair through the library directly
    try (BertTokenizer tok = PretrainedModels.tokenizer("minilm", 128);
        NDManager m = NDManager.newBaseManager();
        BertEncoder enc = PretrainedModels.load("minilm", m)) {
      float[] direct = enc.embed(tok.encodePairs(List.of("A man plays a guitar."),
          List.of("Someone is playing music.")), m).toFloatArray();
      for (int i = 0; i < e.length; i++) {
        assertEquals(direct[i], e[i], 1e-6, "embedding[" + i + "] vs BertEncoder.embed (1e-6)");
      }
    }
  }

  @Test
  void badModelExitsTwoListingAcceptedNames() {
    MainTest.Run r = MainTest.run("encode", "--model", "gpt-neo", "--text", "hi");
    assertEquals(2, r.code(), r.out());
    for (String name : PretrainedModels.names()) {
      assertTrue(r.err().contains(name), "error lists " + name + ": " + r.err());
    }
    MainTest.Run n = MainTest.run("ntk", "--model", "gpt2", "--data", "rte");
    assertEquals(2, n.code(), n.out());
    assertTrue(n.err().contains("minilm") && n.err().contains("bge") && n.err().contains("attn"),
        "one list of every --model value: " + n.err());
  }

  @Test
  void missingTextExitsTwo() {
    MainTest.Run r = MainTest.run("encode", "--model", "minilm");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("--text") || r.err().contains("text"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void badLayersTrainedExitsTwo() {
    MainTest.Run r = MainTest.run("ntk", "--model", "minilm", "--data", "rte", "--n", "4",
        "--layers-trained", "last");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("--layers-trained"), r.err());
  }

  /** Head only: grad_w f = pool(x), grad_b f = 1, so K_ij = (e_i . e_j + 1) / N exactly. */
  @Test
  void headOnlyNtkEqualsLinearKernelOfEmbeddings() {
    Path out = dir.resolve("K.tsv");
    int n = 5;
    MainTest.Run r = MainTest.run("ntk", "--model", "minilm", "--data", "rte",
        "--n", String.valueOf(n), "--seed", "3", "--layers-trained", "0", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    JsonObject j = Json.parse(r.out());
    assertEquals(385, j.get("parameters").getAsLong(), "head: 384 + 1 parameters");
    double[][] k = MatrixIo.readSquare(out);
    List<Example> picked = Datasets.sample(Datasets.load("rte").train(), n, 3);
    try (BertTokenizer tok = PretrainedModels.tokenizer("minilm", 32);
        NDManager m = NDManager.newBaseManager();
        BertEncoder enc = PretrainedModels.load("minilm", m)) {
      float[] e = enc.embed(EncoderNtk.tokenize(tok, picked), m).toFloatArray();
      int d = 384;
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          double dot = 1;
          for (int i = 0; i < d; i++) {
            dot += (double) e[a * d + i] * e[b * d + i];
          }
          assertEquals(dot / n, k[a][b], 1e-4 * Math.abs(dot / n),
              "K(" + a + "," + b + ") vs (e_a . e_b + 1)/N (1e-4 relative, float32)");
        }
      }
    }
    assertEquals(n, j.getAsJsonArray("eigenvalues").size(), "N eigenvalues");
    assertTrue(Double.isFinite(j.get("beta").getAsDouble()), r.out());
  }

  /** Sketch mode: the kernel is within a few predicted errors of the exact one, same draw. */
  @Test
  void sketchModeReportsItsErrorAndStaysNearTheExactKernel() {
    Path exact = dir.resolve("exact.tsv");
    Path sketch = dir.resolve("sketch.tsv");
    String[] common = {"--model", "minilm", "--data", "mrpc", "--n", "4", "--seed", "1",
        "--layers-trained", "0"};
    MainTest.Run a = MainTest.run(concat(new String[] {"ntk", "--out", exact.toString()},
        common));
    MainTest.Run b = MainTest.run(concat(new String[] {"ntk", "--out", sketch.toString(),
        "--mode", "sketch", "--sketch-dim", "2048"}, common));
    assertEquals(0, a.code(), a.err());
    assertEquals(0, b.code(), b.err());
    JsonObject j = Json.parse(b.out());
    assertEquals("SKETCH", j.get("mode").getAsString(), b.out());
    double rho = j.get("expectedRelativeError").getAsDouble();
    assertTrue(rho > 0 && rho < 0.2, "predicted relative error " + rho + " for D = 2048");
    double[][] ke = MatrixIo.readSquare(exact);
    double[][] ks = MatrixIo.readSquare(sketch);
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < ke.length; i++) {
      for (int k = 0; k < ke.length; k++) {
        diff += (ke[i][k] - ks[i][k]) * (ke[i][k] - ks[i][k]);
        norm += ke[i][k] * ke[i][k];
      }
    }
    double rel = Math.sqrt(diff / norm);
    assertTrue(rel < 4 * rho, "sketch relative Frobenius error " + rel + " > 4 x predicted " + rho);
  }

  static String[] concat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
