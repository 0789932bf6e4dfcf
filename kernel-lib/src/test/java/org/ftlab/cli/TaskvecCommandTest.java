package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.ftlab.util.Json;
import org.junit.jupiter.api.Test;

/**
 * {@code taskvec} through {@link Main#run}: a tiny two-task run prints one JSON object whose
 * numbers obey their definitions; bad input exits 2 with one line naming the argument.
 */
class TaskvecCommandTest {
  /**
   * "fineTunerReported" = "fineTuned" exactly: the re-scoring runs the fine-tuner's batches and
   * operations with one intra-op thread, so the fine-tuning here does too (EncoderTaskVectorTest checks
   * the same equality under every CPU dispatch).
   */
  @Test
  void tinyTwoTaskRunPrintsConsistentJson() {
    MainTest.Run r = org.ftlab.model.Autograd.withIntraOpThreads(1, () -> MainTest.run("taskvec", "--tasks",
        "sst2,rte", "--train-size", "12", "--epochs", "1", "--test-size", "16", "--max-length", "16",
        "--lr", "1e-3", "--lambdas", "0,1", "--seed", "2"));
    assertEquals(0, r.code(), r.err());
    assertEquals(1, r.out().strip().lines().count(), "one JSON line: " + r.out());
    JsonObject j = Json.parse(r.out());
    JsonArray tasks = j.getAsJsonArray("tasks");
    assertEquals(2, tasks.size());
    for (int t = 0; t < 2; t++) {
      JsonObject o = tasks.get(t).getAsJsonObject();
      double ft = o.get("fineTuned").getAsDouble();
      assertEquals(o.get("fineTunerReported").getAsDouble(), ft, 0.0,
          "re-scored f_FT accuracy = EncoderFineTuner's (tolerance 0)");
      assertEquals(o.get("pretrained").getAsDouble(), o.getAsJsonArray("added").get(0).getAsDouble(),
          0.0, "λ = 0 is θ_PT (tolerance 0)");
      assertEquals(o.get("added").getAsJsonArray().get(1).getAsDouble() / ft,
          o.get("normalisedAtOne").getAsDouble(), 1e-12, "normalised = added / FT");
      double self = o.getAsJsonArray("cosine").get(t).getAsDouble();
      assertTrue(o.get("bestEpoch").getAsInt() > 0 ? self == 1.0 : Double.isNaN(self),
          "cos(τ, τ) = 1, NaN when epoch 0 was kept (τ = 0): " + self);
      assertEquals(o.get("bestEpoch").getAsInt() > 0, o.get("tauNorm").getAsDouble() > 0,
          "||τ|| > 0 exactly when an update was kept");
      double acc16 = ft * 16;
      assertEquals(Math.rint(acc16), acc16, 1e-9, "accuracy is k/16: " + ft);
    }
    double c01 = tasks.get(0).getAsJsonObject().getAsJsonArray("cosine").get(1).getAsDouble();
    double c10 = tasks.get(1).getAsJsonObject().getAsJsonArray("cosine").get(0).getAsDouble();
    assertEquals(c01, c10, 0.0, "cosine matrix symmetric");
    boolean moved = tasks.get(0).getAsJsonObject().get("bestEpoch").getAsInt() > 0
        && tasks.get(1).getAsJsonObject().get("bestEpoch").getAsInt() > 0;
    // early stopping may keep epoch 0 (no update helped): then τ = 0 and the cosine is undefined
    assertTrue(moved ? Math.abs(c01) <= 1 : Double.isNaN(c01), "|cos| <= 1, NaN for τ = 0: " + c01);
    JsonObject neg = j.getAsJsonObject("negation");
    assertEquals("sst2", neg.get("target").getAsString(), "default target = first task");
    assertEquals("rte", neg.get("control").getAsString(), "default control = last task");
    assertEquals(tasks.get(0).getAsJsonObject().get("pretrained").getAsDouble(),
        neg.getAsJsonArray("targetAccuracy").get(0).getAsDouble(), 0.0, "negation at λ = 0 is θ_PT");
  }

  @Test
  void badArgumentsExitTwoWithOneLineNamingThem() {
    String[][] cases = {
        {"taskvec", "--tasks", "sst2,nope", "--train-size", "16"},
        {"taskvec", "--tasks", "sst2", "--train-size", "16"},
        {"taskvec", "--tasks", "sst2,rte", "--train-size", "16", "--lambdas", "0,x"},
        {"taskvec", "--tasks", "sst2,rte", "--train-size", "16", "--lambdas", "0,-1"},
        {"taskvec", "--tasks", "sst2,rte", "--train-size", "16", "--mode", "probe"},
        {"taskvec", "--tasks", "sst2,rte", "--train-size", "16", "--negate", "mrpc"},
        {"taskvec", "--tasks", "sst2,rte"},
    };
    String[] names = {"nope", "--tasks", "--lambdas", "--lambdas", "--mode", "--negation target",
        "--train-size"};
    for (int i = 0; i < cases.length; i++) {
      String[] c = cases[i];
      MainTest.Run r = MainTest.run(c);
      assertEquals(2, r.code(), String.join(" ", c) + " -> " + r.err());
      assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
      assertTrue(r.err().contains(names[i]), "names " + names[i] + ": " + r.err());
      assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
    }
  }
}
