package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.ftlab.util.Json;
import org.junit.jupiter.api.Test;

/**
 * {@code curves} through {@link Main#run}: per task and size the mean and sd are those of the per-seed
 * values (recomputed here), the paper-beta ranking's Spearman agrees with the order of the printed rates,
 * our beta ranking is present; bad input (including {@code finetune --layer 9}) exits 2 with one line.
 */
class CurvesCommandTest {
  @Test
  void tinyCurvesPrintJsonConsistentWithTheirOwnValues() {
    MainTest.Run r = MainTest.run("curves", "--model", "minilm", "--data", "stsb,rte", "--sizes", "12,24",
        "--seeds", "2", "--seed", "0", "--max-length", "16", "--test-size", "20", "--epochs", "3",
        "--beta-n", "8", "--beta-max-length", "16");
    assertEquals(0, r.code(), r.err());
    assertEquals(1, r.out().strip().lines().count(), "one JSON line: " + r.out());
    JsonObject j = Json.parse(r.out());
    JsonArray tasks = j.getAsJsonArray("tasks");
    assertEquals(2, tasks.size(), "two tasks");
    double[] rate = new double[2];
    for (int t = 0; t < 2; t++) {
      JsonObject task = tasks.get(t).getAsJsonObject();
      String metric = t == 0 ? "mse" : "accuracy";
      JsonArray rows = task.getAsJsonArray("sizes");
      assertEquals(2, rows.size(), "two sizes");
      for (int i = 0; i < 2; i++) {
        JsonObject m = rows.get(i).getAsJsonObject().getAsJsonObject(metric);
        JsonArray v = m.getAsJsonArray("values");
        assertEquals(2, v.size(), "one value per seed");
        double a = v.get(0).getAsDouble();
        double b = v.get(1).getAsDouble();
        assertEquals((a + b) / 2, m.get("mean").getAsDouble(), 1e-12, "mean of the two seeds (1e-12)");
        assertEquals(Math.abs(a - b) / Math.sqrt(2), m.get("sd").getAsDouble(), 1e-12, "sample sd (1e-12)");
      }
      rate[t] = task.getAsJsonObject("rate").get("mean").getAsDouble();
    }
    JsonArray rankings = j.getAsJsonArray("rankings");
    assertEquals(2, rankings.size(), "paper beta and our beta");
    JsonObject paper = rankings.get(0).getAsJsonObject();
    JsonObject all = paper.getAsJsonArray("agreements").get(0).getAsJsonObject();
    assertEquals("all tasks", all.get("scope").getAsString(), "one regression and one classification task");
    // paper: stsb 0.54 > rte 0.51, so rho = sign(rate_stsb - rate_rte)
    assertEquals(Math.signum(rate[0] - rate[1]), all.get("spearman").getAsDouble(), 1e-12,
        "two-task Spearman is the sign of the rate difference");
    assertTrue(rankings.get(1).getAsJsonObject().get("betaSource").getAsString().startsWith("ours"),
        rankings.get(1).toString());
  }

  @Test
  void badArgumentsExitTwoWithOneLine() {
    String[][] cases = {
        {"curves", "--data", "nope"},
        {"curves", "--data", "rte", "--sizes", "5"},
        {"curves", "--data", "rte", "--sizes", "a,b"},
        {"curves", "--data", "rte", "--sizes", "20,40", "--fixed-n", "30"},
        {"curves", "--data", "rte", "--sizes", "20", "--layer", "9", "--beta-n", "0"},
        {"finetune", "--data", "rte", "--train-size", "16", "--layer", "9"},
    };
    for (String[] c : cases) {
      MainTest.Run r = MainTest.run(c);
      assertEquals(2, r.code(), String.join(" ", c) + " -> " + r.err());
      assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
      assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
      if (String.join(" ", c).contains("--layer")) {
        assertTrue(r.err().contains("--layer: 9 exceeds the 6 layers"), r.err());
      }
    }
  }
}
