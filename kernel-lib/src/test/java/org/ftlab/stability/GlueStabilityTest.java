package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link GlueStability} on tiny RTE subsets with MiniLM. HEAD mode reuses the cached features, so
 * the runs are cheap; the identities below hold exactly (same seed, same arithmetic).
 */
class GlueStabilityTest {

  private static GlueStability.Builder tiny(StabilityMethod m) {
    return GlueStability.builder().setModel("minilm").setTask("rte").setMethod(m)
        .optMode(GlueStability.Mode.HEAD).optSeeds(2).optTrainSize(40).optTestSize(30)
        .optEpochs(3).optMaxLength(32).optSeed(3);
  }

  private static void assertSameRuns(GlueStabilityResult a, GlueStabilityResult b, String what) {
    assertArrayEquals(a.scores(), b.scores(), 0.0, what + ": scores");
    assertArrayEquals(a.headDistances(), b.headDistances(), 0.0, what + ": head distances");
    double[][] da = a.headDirections();
    double[][] db = b.headDirections();
    for (int k = 0; k < da.length; k++) {
      assertArrayEquals(da[k], db[k], 0.0, what + ": head of run " + k);
      assertArrayEquals(a.predictions(k), b.predictions(k), what + ": predictions of run " + k);
    }
  }

  @Test
  void headModeIdentitiesHoldExactly() {
    GlueStabilityResult ft = tiny(StabilityMethod.FINETUNE).build().run();
    assertEquals(36, ft.trainSize(), "40 drawn, 10% (4) held out");
    assertEquals(4, ft.devSize());
    assertEquals(30, ft.testSize());
    assertEquals(2, ft.scores().length);
    for (double s : ft.scores()) {
      assertTrue(s >= 0 && s <= 100 && Math.abs(s * 30 / 100 - Math.round(s * 30 / 100)) < 1e-9,
          "accuracy is k/30 in percent: " + s);
    }
    assertEquals((ft.scores()[0] + ft.scores()[1]) / 2, ft.mean(), 1e-12, "mean of the scores");
    assertEquals(Math.abs(ft.scores()[0] - ft.scores()[1]) / 2, ft.std(), 1e-12,
        "population std of two numbers = half their distance");
    assertSameRuns(ft, tiny(StabilityMethod.FINETUNE).build().run(), "same seed twice");
    assertSameRuns(ft, tiny(StabilityMethod.MHLOSS).optHeads(1).build().run(), "MHLoss with H = 1");
    assertSameRuns(ft, tiny(StabilityMethod.MMR).optMmrAlpha(5).build().run(),
        "MMR in HEAD mode (R(S) of frozen features is a constant)");
    assertSameRuns(ft, tiny(StabilityMethod.LNSR).optLnsrSigma(0).optLnsrWeight(3).build().run(),
        "LNSR with σ = 0 (penalty and its gradient are 0)");
    assertSameRuns(ft, tiny(StabilityMethod.MIXOUT).optMixoutP(0).build().run(), "MixOut with p = 0");
    GlueStabilityResult other = tiny(StabilityMethod.FINETUNE).optSeed(4).build().run();
    assertTrue(!java.util.Arrays.equals(ft.headDirections()[0], other.headDirections()[0]),
        "another seed gives another head");
    assertTrue(ft.toJson().contains("\"scores\":["), ft.toJson());
    assertTrue(ft.summaryHtml().contains("<table>") && ft.charts().size() == 1);
  }

  @Test
  void mlpHeadIdentitiesAndMmrDiffersFromFineTune() {
    GlueStabilityResult ft = tiny(StabilityMethod.FINETUNE).optHead(GlueStability.Head.MLP).build().run();
    assertEquals(GlueStability.Head.MLP, ft.head());
    assertTrue(ft.toJson().contains("\"head\":\"mlp\""), ft.toJson());
    assertSameRuns(ft, tiny(StabilityMethod.FINETUNE).optHead(GlueStability.Head.MLP).build().run(),
        "MLP, same seed twice");
    assertSameRuns(ft, tiny(StabilityMethod.MHLOSS).optHeads(1).optHead(GlueStability.Head.MLP).build().run(),
        "MLP, MHLoss with H = 1 (one output layer on the shared hidden layer)");
    assertSameRuns(ft, tiny(StabilityMethod.MMR).optMmrAlpha(0).optHead(GlueStability.Head.MLP).build().run(),
        "MLP, MMR with α = 0");
    assertSameRuns(ft, tiny(StabilityMethod.MIXOUT).optMixoutP(0).optHead(GlueStability.Head.MLP).build().run(),
        "MLP, MixOut with p = 0");
    // the reason MMR differs now: R(S) of eq. (8) is taken on h = tanh(x W_1 + b_1), which W_1 moves,
    // so its gradient is not zero and the trained head changes (the linear head: identical, above)
    GlueStabilityResult mmr = tiny(StabilityMethod.MMR).optMmrAlpha(5).optHead(GlueStability.Head.MLP)
        .build().run();
    assertTrue(!java.util.Arrays.equals(ft.headDirections()[0], mmr.headDirections()[0]),
        "MMR with the MLP head trains another head than FineTune");
    GlueStabilityResult lin = tiny(StabilityMethod.FINETUNE).build().run();
    assertTrue(!java.util.Arrays.equals(ft.headDirections()[0], lin.headDirections()[0]),
        "MLP and linear heads differ");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tiny(StabilityMethod.MMR).optMode(GlueStability.Mode.FULL).optHead(GlueStability.Head.MLP).build());
    assertTrue(e.getMessage().startsWith("head:"), e.getMessage());
  }

  @Test
  void diskFeatureCacheGivesTheSameRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    GlueStabilityResult write = tiny(StabilityMethod.FINETUNE).optCacheDir(dir).build().run();
    assertTrue(java.nio.file.Files.isDirectory(dir.resolve("features")), "cache files written");
    GlueStability.clearFeatureCache();
    GlueStabilityResult read = tiny(StabilityMethod.FINETUNE).optCacheDir(dir).build().run();
    assertSameRuns(write, read, "features from memory (or freshly encoded) vs the same re-read from disk"
        + " (float32 round trip)");
  }

  @Test
  void plainJavaHeadTrainingMatchesDjlAutograd() {
    // HeadTrainer (double) against the DJL float32 autograd path: same draws, same AdamW
    GlueStability.Builder[] cases = {
        tiny(StabilityMethod.FINETUNE), tiny(StabilityMethod.MHLOSS).optHeads(3),
        tiny(StabilityMethod.MIXOUT).optMixoutP(0.5), tiny(StabilityMethod.LNSR).optLnsrSigma(0.5),
    };
    for (GlueStability.Builder c : cases) {
      GlueStabilityResult java = c.optSeeds(1).useDjlHead(false).build().run();
      GlueStabilityResult djl = c.optSeeds(1).useDjlHead(true).build().run();
      double[] a = java.headDirections()[0];
      double[] b = djl.headDirections()[0];
      double rel = Vectors.distance(a, b) / Vectors.norm(b);
      assertTrue(rel < 2e-3, java.method() + ": ||w_java − w_djl|| / ||w_djl|| = " + rel
          + " after " + java.bestEpochs()[0] + " epochs (tol 2e-3, float32 vs double)");
      int same = 0;
      int[] pa = java.predictions(0);
      int[] pb = djl.predictions(0);
      for (int i = 0; i < pa.length; i++) {
        same += pa[i] == pb[i] ? 1 : 0;
      }
      assertTrue(same >= pa.length - 1, java.method() + ": test predictions agree on all but at most"
          + " one of " + pa.length + " examples, got " + same);
    }
  }

  @Test
  void multiHeadMeanHeadIsCloserToItsSeedMatesThanSingleHeads() {
    // Corollary 3.1's mechanism: averaging H heads concentrates the direction (H = 1 vs H = 20)
    GlueStabilityResult one = tiny(StabilityMethod.MHLOSS).optHeads(1).optSeeds(4).build().run();
    GlueStabilityResult many = tiny(StabilityMethod.MHLOSS).optHeads(20).optSeeds(4).build().run();
    assertEquals(20, many.heads());
    assertTrue(many.headDirectionDistance() < one.headDirectionDistance(),
        "mean-head direction distance across seeds, H = 20 < H = 1: " + many.headDirectionDistance()
            + " vs " + one.headDirectionDistance());
  }

  @Test
  void badArgumentsNameTheArgument() {
    String[][] cases = {
        {"model", null}, {"method", null}, {"seeds", null}, {"trainSize", null}, {"removeFraction", null},
        {"mixoutP", null}, {"task", null},
    };
    IllegalArgumentException e;
    e = assertThrows(IllegalArgumentException.class, () -> GlueStability.builder().setModel("gpt")
        .setTask("rte").setMethod(StabilityMethod.MMR).build());
    assertTrue(e.getMessage().startsWith(cases[0][0]), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GlueStability.builder().setModel("minilm")
        .setTask("rte").build());
    assertTrue(e.getMessage().startsWith(cases[1][0]) && e.getMessage().contains("mhloss"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tiny(StabilityMethod.MMR).optSeeds(0).build());
    assertTrue(e.getMessage().startsWith(cases[2][0]), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tiny(StabilityMethod.MMR).optTrainSize(5).build());
    assertTrue(e.getMessage().startsWith(cases[3][0]), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tiny(StabilityMethod.MMR).optRemoveFraction(1).build());
    assertTrue(e.getMessage().startsWith(cases[4][0]), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tiny(StabilityMethod.MIXOUT).optMixoutP(1).build());
    assertTrue(e.getMessage().startsWith(cases[5][0]), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tiny(StabilityMethod.MMR).setTask("stsb").build());
    assertTrue(e.getMessage().startsWith(cases[6][0]) && e.getMessage().contains("regression"), e.getMessage());
  }
}
