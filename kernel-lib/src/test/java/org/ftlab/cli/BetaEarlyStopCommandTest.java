package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.ftlab.spectrum.BetaFit;
import org.ftlab.stopping.CriticalRadius;
import org.ftlab.stopping.EarlyStopReport;
import org.ftlab.stopping.RademacherComplexity;
import org.ftlab.util.Json;
import org.junit.jupiter.api.Test;

/** {@code ./ftlab beta} and {@code ./ftlab earlystop} on MiniLM with tiny sizes (head-only NTK). */
class BetaEarlyStopCommandTest {
  @Test
  void betaPrintsDrawsMeanSdAndTheRateOfEq30() {
    MainTest.Run r = MainTest.run("beta", "--data", "rte", "--n", "8", "--draws", "2",
        "--layers-trained", "0");
    assertEquals(0, r.code(), r.err());
    JsonObject j = Json.parse(r.out().strip());
    JsonArray betas = j.getAsJsonArray("betas");
    assertEquals(2, betas.size());
    double b0 = betas.get(0).getAsDouble();
    double b1 = betas.get(1).getAsDouble();
    double mean = j.get("betaMean").getAsDouble();
    assertEquals((b0 + b1) / 2, mean, 1e-12, "mean of the draws");
    assertEquals(Math.abs(b0 - b1) / Math.sqrt(2), j.get("betaSd").getAsDouble(), 1e-12,
        "sample sd of two draws = |b0 - b1| / sqrt 2");
    // eq. (30): the rate N^(-2b/(2b+1)) from BetaFit.rate, read back as an exponent
    double fromRate = -Math.log(BetaFit.rate(100, mean)) / Math.log(100);
    assertEquals(fromRate, j.get("predictedRateExponent").getAsDouble(), 1e-12,
        "predicted rate exponent vs BetaFit.rate (1e-12)");
  }

  @Test
  void betaRejectsTooFewExamplesInOneLine() {
    MainTest.Run r = MainTest.run("beta", "--n", "2");
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--n 2 must be in [3, "), r.err());
  }

  @Test
  void earlyStopHelperMatchesTheCliAndItsOwnDefinitions() throws Exception {
    String args = "--data stsb --n 10 --holdout 6 --layers-trained 0 --horizon 80 --patience 5";
    EarlyStopReport rep = (EarlyStopReport) OneLiners.run("earlyStop", OneLiners.tokens(args));
    // sigma estimated as sqrt(min hold-out MSE over t = 0..horizon)
    double min = Double.POSITIVE_INFINITY;
    for (double v : rep.holdOutMse()) {
      min = Math.min(min, v);
    }
    assertEquals(81, rep.holdOutMse().length, "hold-out curve t = 0..80");
    assertTrue(rep.sigmaEstimated());
    assertEquals(Math.sqrt(min), rep.rule().sigma(), 1e-12, "sigma = sqrt(min hold-out MSE)");
    // §6.2: lambda = 1/(eps T_op); T_op <= T_max
    assertTrue(rep.rule().tOp() <= rep.rule().tMax(), "T_op <= T_max");
    if (rep.rule().tOp() > 0) {
      assertEquals(1 / (rep.rule().eta() * rep.rule().tOp()), rep.rule().ridgeLambda(),
          1e-12 * rep.rule().ridgeLambda(), "KRR lambda = 1/(eps T_op)");
    }
    assertEquals(rep.holdOutMse()[rep.holdOut().bestEpoch()], rep.holdOut().bestLoss(), 0.0,
        "hold-out best step's loss");
    assertEquals(2, rep.charts().size(), "error curves + critical radius chart");
    // the CLI with --sigma 0.5 on the same arguments: its critical radius is eq. (11) solved on
    // the helper's eigenvalues with sigma 0.5 (same kernel, sigma wired through)
    MainTest.Run given = MainTest.run(("earlystop " + args + " --sigma 0.5").split(" "));
    assertEquals(0, given.code(), given.err());
    JsonObject g = Json.parse(given.out().strip());
    assertFalse(g.get("sigmaEstimated").getAsBoolean());
    assertEquals(0.5, g.get("sigma").getAsDouble(), 0.0);
    double rho = CriticalRadius.solve(new RademacherComplexity(rep.rule().eigenvalues()), 0.5,
        1.0);
    assertEquals(rho, g.get("criticalRadius").getAsDouble(), 1e-12 * rho,
        "CLI critical radius vs eq. (11) on the helper's spectrum (1e-12 relative)");
  }

  @Test
  void earlyStopOnTheAttentionNetHasTheTrueRiskAtStepZero() throws Exception {
    EarlyStopReport rep = (EarlyStopReport) OneLiners.run("earlyStop", OneLiners.tokens(
        "--model attn --width 8 --heads 2 --layers 1 --seq 3 --input-dim 4 --n 12 --holdout 6"
        + " --noise 0.2 --horizon 50 --seed 5 --data-seed 7"));
    // independent: the same network and task built here; E||f_0 - f*||^2 = mean (f* - f_PT)^2
    double expected;
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
        org.ftlab.model.AttentionNetwork net = org.ftlab.model.AttentionNetwork.builder()
            .setWidth(8).setHeads(2).setLayers(1).setSeqLength(3).setInputDim(4)
            .optDataType(ai.djl.ndarray.types.DataType.FLOAT64).optSeed(5).build()) {
      org.ftlab.train.RegressionData d = org.ftlab.train.SyntheticTasks.smooth(18, 3, 4, 0.2, 7, 8);
      double[] f = net.forward(d.inputArray(m, ai.djl.ndarray.types.DataType.FLOAT64))
          .toDoubleArray();
      double s = 0;
      for (int i = 0; i < 12; i++) {
        s += Math.pow(d.cleanTargets()[i] - f[i], 2);
      }
      expected = s / 12;
    }
    assertEquals(expected, rep.rule().comparison().gd().risk()[0], 1e-9 * expected,
        "risk at t = 0 is ||f* - f_PT||^2_N (1e-9 relative)");
    assertEquals(0.2, rep.rule().sigma(), 0.0, "known noise is the rule's sigma");
    assertFalse(rep.sigmaEstimated());
  }

  @Test
  void earlyStopRejectsTooManyExamplesInOneLine() {
    MainTest.Run r = MainTest.run("earlystop", "--data", "stsb", "--n", "100000");
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--n 100000 + --holdout 50 must be at most"), r.err());
  }
}
