package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.spectrum.SymmetricEigen;
import org.ftlab.train.SyntheticTasks;
import org.ftlab.util.Json;
import org.ftlab.util.MatrixIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ftlab ntk} and {@code ./ftlab bench} end to end through {@link Main#run}: the kernel file
 * is an N×N symmetric PSD matrix, the head-only subset kernel equals the closed form Φ Φ^T / N of
 * the pooled features, kernels of nested parameter sets are ordered (K_all − K_subset is PSD), the
 * sketch's measured error is within the predicted one, and bad arguments exit 2 with one line.
 */
class NtkCommandTest {
  @TempDir
  Path dir;

  static final String[] NET = {"--width", "8", "--heads", "2", "--layers", "2", "--seq", "4",
      "--input-dim", "4", "--n", "10", "--seed", "3", "--dtype", "float64"};

  private double[][] kernel(String name, String... extra) {
    Path f = dir.resolve(name);
    List<String> argv = new ArrayList<>(List.of("ntk", "--out", f.toString()));
    argv.addAll(Arrays.asList(NET));
    argv.addAll(Arrays.asList(extra));
    MainTest.Run r = MainTest.run(argv.toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    lastJson = Json.parse(r.out());
    return MatrixIo.readSquare(f);
  }

  private com.google.gson.JsonObject lastJson;

  private static double[][] minus(double[][] a, double[][] b) {
    double[][] c = new double[a.length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        c[i][j] = a[i][j] - b[i][j];
      }
    }
    return c;
  }

  private static double fro(double[][] a) {
    double s = 0;
    for (double[] row : a) {
      for (double v : row) {
        s += v * v;
      }
    }
    return Math.sqrt(s);
  }

  private static void assertPsd(String what, double[][] k) {
    double[] ev = SymmetricEigen.decompose(k, false, 1e-9).values();
    assertTrue(ev[ev.length - 1] >= -1e-9 * ev[0],
        what + ": smallest eigenvalue " + ev[ev.length - 1] + " >= -1e-9 lambda_1 " + ev[0]);
  }

  @Test
  void exactKernelIsSymmetricPsdOfSizeNAndMatchesTheJson() {
    double[][] k = kernel("K.tsv");
    assertEquals(10, k.length, "N rows");
    double trace = 0;
    for (int i = 0; i < k.length; i++) {
      assertEquals(10, k[i].length, "N columns");
      trace += k[i][i];
      for (int j = 0; j < k.length; j++) {
        assertEquals(k[i][j], k[j][i], 0.0, "exactly symmetric at " + i + "," + j);
      }
    }
    assertPsd("exact K", k);
    assertEquals(10, lastJson.get("n").getAsInt());
    assertEquals("exact", lastJson.get("mode").getAsString());
    assertEquals(trace, lastJson.get("trace").getAsDouble(), 1e-12 * trace, "trace in JSON");
    try (AttentionNetwork net = network()) {
      assertEquals(net.parameterCount(), lastJson.get("parameterCount").getAsLong());
      assertEquals(net.parameterCount(), lastJson.get("kernelParameterCount").getAsLong());
    }
    assertTrue(lastJson.get("peakRssBytes").getAsLong() > 0, "VmHWM read from /proc");
    assertEquals(10L * 8 * net0Params(), lastJson.get("peakGradientBytes").getAsLong(),
        "buffer holds N rows of P float64 gradients");
    // same seed -> same file, bit for bit
    assertArrayEquals(k, kernel("K2.tsv"), "deterministic for a fixed seed");
  }

  private static long net0Params() {
    try (AttentionNetwork net = network()) {
      return net.parameterCount();
    }
  }

  private static AttentionNetwork network() {
    return AttentionNetwork.builder().setWidth(8).setHeads(2).setLayers(2).setSeqLength(4)
        .setInputDim(4).optDataType(DataType.FLOAT64).optSeed(3).build();
  }

  @Test
  void headOnlySubsetIsTheGramMatrixOfPooledFeaturesAndSubsetsAreOrdered() {
    double[][] head = kernel("head.tsv", "--mode", "subset", "--subset-blocks", "0");
    // independent closed form: ∂f/∂w = pooled features φ(x), so K_head = Φ Φ^T / N
    double[][] expected = new double[10][10];
    try (AttentionNetwork net = network(); NDManager m = NDManager.newBaseManager()) {
      NDArray x = SyntheticTasks.smooth(10, 4, 4, 0.0, 3, 4).inputArray(m, DataType.FLOAT64);
      double[] phi = Autograd.noGrad(() -> net.pooledFeatures(x).toDoubleArray());
      for (int i = 0; i < 10; i++) {
        for (int j = 0; j < 10; j++) {
          double s = 0;
          for (int c = 0; c < 8; c++) {
            s += phi[i * 8 + c] * phi[j * 8 + c];
          }
          expected[i][j] = s / 10;
        }
      }
    }
    assertTrue(fro(minus(head, expected)) <= 1e-12 * fro(expected),
        "K_head = Phi Phi^T / N within 1e-12 relative, got "
            + fro(minus(head, expected)) / fro(expected));
    assertEquals(8, lastJson.get("kernelParameterCount").getAsLong(), "head has d parameters");

    double[][] last = kernel("last.tsv", "--mode", "subset", "--subset-blocks", "1");
    double[][] all = kernel("all.tsv");
    double[][] both = kernel("both.tsv", "--mode", "subset", "--subset-blocks", "2");
    assertTrue(fro(minus(both, all)) <= 1e-12 * fro(all),
        "head + all blocks = every parameter, so K_subset(2) = K_exact");
    // J J^T over a superset of parameters = subset part + PSD remainder (sum property of eq. 7)
    assertPsd("K_last - K_head", minus(last, head));
    assertPsd("K_all - K_last", minus(all, last));
    assertTrue(fro(minus(all, last)) > 1e-6 * fro(all), "block 1 contributes");
  }

  @Test
  void sketchErrorIsWithinItsPrediction() {
    double[][] exact = kernel("K.tsv");
    double[][] sk = kernel("S.tsv", "--mode", "sketch", "--sketch-dim", "2048");
    double predicted = lastJson.get("expectedRelativeError").getAsDouble();
    double measured = fro(minus(sk, exact)) / fro(exact);
    assertEquals(2048, lastJson.get("sketchDim").getAsInt());
    // rms prediction; a single draw exceeds 3x its rms with probability < 1/9 (Markov on the square)
    assertTrue(measured <= 3 * predicted, "measured " + measured + " <= 3 x predicted " + predicted);
    assertTrue(predicted > 0 && predicted < 0.2,
        "predicted error for D=2048 is between sqrt(2/D)=0.031 and sqrt((N+1)/D)=0.073 up to the"
            + " plug-in spread: " + predicted);
    for (int i = 0; i < exact.length; i++) {
      assertEquals(exact[i][i], sk[i][i], 0.25 * exact[i][i], "diagonal within 25% at " + i);
    }
  }

  private void expectBadInput(String contains, String... argv) {
    MainTest.Run r = MainTest.run(argv);
    assertEquals(2, r.code(), "exit code for " + String.join(" ", argv) + ": " + r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains(contains), "'" + contains + "' in: " + r.err());
  }

  @Test
  void badArgumentsExitTwoWithOneLine() {
    expectBadInput("--model expects one of attn", "ntk", "--model", "gpt");
    expectBadInput("--mode expects one of exact, subset, sketch", "ntk", "--mode", "fast");
    expectBadInput("--n expects a whole number > 0", "ntk", "--n", "0");
    expectBadInput("--data expects one of synthetic", "ntk", "--data", "glue");
    expectBadInput("--subset-blocks 3: expected 0..2", "ntk", "--n", "2", "--width", "4",
        "--heads", "1", "--mode", "subset", "--subset-blocks", "3");
    expectBadInput("does not exist", "ntk", "--n", "2", "--out",
        dir.resolve("no/such/folder/K.tsv").toString());
    expectBadInput("--n: not an integer list: 3,x", "bench", "--n", "3,x");
    expectBadInput("--modes", "bench", "--modes", "fast");
    expectBadInput("--threads: values must be > 0: 0", "bench", "--threads", "0");
    expectBadInput("--budget-mb: not an integer list: lots", "bench", "--budget-mb", "lots");
  }

  @Test
  void benchPrintsOneRowPerModeWithMeasuredSketchError() throws Exception {
    MainTest.Run r = MainTest.run("bench", "--n", "4", "--width", "8", "--layers", "1",
        "--heads", "1", "--seq", "3", "--input-dim", "3", "--sketch-dim", "64");
    assertEquals(0, r.code(), r.err());
    List<String> rows = r.out().lines().filter(l -> l.startsWith("EXACT") || l.startsWith("SKETCH"))
        .toList();
    assertEquals(2, rows.size(), r.out());
    String[] sketch = rows.get(1).trim().split("\\s+");
    double predicted = Double.parseDouble(sketch[sketch.length - 2]);
    double measured = Double.parseDouble(sketch[sketch.length - 1]);
    assertTrue(measured > 0 && measured <= 3 * predicted,
        "bench sketch error " + measured + " within 3x predicted " + predicted);
    assertTrue(Files.exists(dir), "temp dir");
  }
}
