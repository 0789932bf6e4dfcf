package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.ftlab.util.Json;
import org.ftlab.util.MatrixIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spectrum and stop commands end to end: files in, JSON out, bad input exits 2 with a reason. */
class SpectrumStopCommandTest {
  @TempDir
  Path dir;

  /** A rotated diagonal matrix Q diag(k^-2β) Q^T: its spectrum is an exact power law. */
  static double[][] powerLawKernel(int n, double beta, long seed) {
    Random r = new Random(seed);
    double[][] q = new double[n][n];
    // Gram-Schmidt on a random matrix gives an orthogonal Q
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] = r.nextGaussian();
      }
      for (int p = 0; p < i; p++) {
        double d = 0;
        for (int j = 0; j < n; j++) {
          d += q[i][j] * q[p][j];
        }
        for (int j = 0; j < n; j++) {
          q[i][j] -= d * q[p][j];
        }
      }
      double norm = 0;
      for (int j = 0; j < n; j++) {
        norm += q[i][j] * q[i][j];
      }
      for (int j = 0; j < n; j++) {
        q[i][j] /= Math.sqrt(norm);
      }
    }
    double[][] k = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += q[i][a] * Math.pow(i + 1, -2 * beta) * q[i][b];
        }
        k[a][b] = s;
      }
    }
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < a; b++) {
        k[a][b] = k[b][a];
      }
    }
    return k;
  }

  @Test
  void spectrumRecoversAKnownBeta() throws Exception {
    Path kf = dir.resolve("K.tsv");
    MatrixIo.writeMatrix(kf, powerLawKernel(40, 0.6, 1));
    MainTest.Run r = MainTest.run("spectrum", "--kernel", kf.toString(), "--window", "1:30");
    assertEquals(0, r.code(), r.err());
    var j = Json.parse(r.out());
    assertEquals(0.6, j.get("beta").getAsDouble(), 1e-8, "beta of lambda_k = k^-1.2");
    assertEquals(1.0, j.get("r2").getAsDouble(), 1e-10, "exact power law");
    assertEquals(40, j.getAsJsonArray("eigenvalues").size());
    assertEquals(1.0, j.getAsJsonArray("eigenvalues").get(0).getAsDouble(), 1e-10, "lambda_1");
    assertEquals(1 + 1 / 1.2, j.get("alphaFromBeta").getAsDouble(), 1e-12);
  }

  @Test
  void stopPrintsTheRuleAndItsRidgeLambda() throws Exception {
    int n = 30;
    double[][] k = powerLawKernel(n, 1.0, 2);
    Path kf = dir.resolve("K.tsv");
    Path yf = dir.resolve("y.tsv");
    MatrixIo.writeMatrix(kf, k);
    double[] y = new double[n];
    Random r = new Random(3);
    for (int i = 0; i < n; i++) {
      y[i] = r.nextGaussian();
    }
    MatrixIo.writeVector(yf, y);
    MainTest.Run run = MainTest.run("stop", "--kernel", kf.toString(), "--y", yf.toString(),
        "--sigma", "0.5", "--eta", "0.5");
    assertEquals(0, run.code(), run.err());
    var j = Json.parse(run.out());
    int tOp = j.get("tOp").getAsInt();
    assertTrue(tOp >= 1, run.out());
    assertEquals(1.0 / (0.5 * tOp), j.get("ridgeLambda").getAsDouble(), 1e-12,
        "KRR lambda = 1/(eps T_op), eq. 27");
    assertTrue(j.get("criticalRadius").getAsDouble() > 0, run.out());
  }

  private void expectBadInput(String contains, String... argv) {
    MainTest.Run r = MainTest.run(argv);
    assertEquals(2, r.code(), "exit code for " + String.join(" ", argv) + ": " + r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains(contains), "'" + contains + "' in: " + r.err());
  }

  @Test
  void badInputExitsTwoWithOneLineNamingTheProblem() throws Exception {
    Path asym = dir.resolve("asym.tsv");
    Files.writeString(asym, "1\t2\n3\t1\n");
    expectBadInput("symmetric", "spectrum", "--kernel", asym.toString());
    Path nan = dir.resolve("nan.tsv");
    Files.writeString(nan, "1\tNaN\nNaN\t1\n");
    expectBadInput("nan.tsv", "spectrum", "--kernel", nan.toString());
    Path rect = dir.resolve("rect.tsv");
    Files.writeString(rect, "1\t0\t0\n0\t1\t0\n");
    expectBadInput("rect.tsv", "spectrum", "--kernel", rect.toString());
    Path neg = dir.resolve("neg.tsv");
    Files.writeString(neg, "1\t0\n0\t-1\n");
    expectBadInput("-1", "spectrum", "--kernel", neg.toString());
    Path k = dir.resolve("K.tsv");
    MatrixIo.writeMatrix(k, powerLawKernel(10, 0.6, 4));
    expectBadInput("longer than the positive spectrum", "spectrum", "--kernel", k.toString(),
        "--window", "1:50");
    expectBadInput("--window expects kMin:kMax", "spectrum", "--kernel", k.toString(),
        "--window", "5");
    expectBadInput("missing.tsv", "spectrum", "--kernel", dir.resolve("missing.tsv").toString());
    Path y = dir.resolve("y.tsv");
    Files.writeString(y, "1\n2\n3\n");
    expectBadInput("has 3 values but the kernel", "stop", "--kernel", k.toString(), "--y",
        y.toString(), "--sigma", "1");
    expectBadInput("--sigma expects a number > 0", "stop", "--kernel", k.toString(), "--y",
        y.toString(), "--sigma", "0");
  }
}
