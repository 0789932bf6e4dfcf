package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.ftlab.util.Json;
import org.junit.jupiter.api.Test;

/** {@code finetune} through {@link Main#run}: a tiny probe prints valid JSON; bad input exits 2. */
class FinetuneCommandTest {
  @Test
  void tinyProbeOnSst2PrintsJsonWithFiniteMetrics() {
    MainTest.Run r = MainTest.run("finetune", "--model", "minilm", "--data", "sst2",
        "--train-size", "16", "--epochs", "2", "--max-length", "16", "--test-size", "24",
        "--lr", "0.01", "--seed", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals(1, r.out().strip().lines().count(), "one JSON line: " + r.out());
    JsonObject j = Json.parse(r.out());
    double acc = j.get("testAccuracy").getAsDouble();
    double f1 = j.get("testMacroF1").getAsDouble();
    assertTrue(acc >= 0 && acc <= 1 && Math.abs(acc * 24 - Math.round(acc * 24)) < 1e-9,
        "accuracy is k/24 in [0, 1]: " + acc);
    assertTrue(f1 >= 0 && f1 <= 1, "macro-F1 in [0, 1]: " + f1);
    JsonArray dev = j.getAsJsonArray("devLoss");
    int best = j.get("bestEpoch").getAsInt();
    assertEquals(j.get("epochsRun").getAsInt() + 1, dev.size(), "epoch 0 + epochs run");
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < dev.size(); i++) {
      double v = dev.get(i).getAsDouble();
      assertTrue(Double.isFinite(v), "dev loss finite: " + dev);
      min = Math.min(min, v);
    }
    assertEquals(min, dev.get(best).getAsDouble(), 0.0, "chosen epoch has the lowest dev loss");
    assertEquals("PROBE", j.get("mode").getAsString());
    assertEquals(14, j.get("trainSize").getAsInt(), "16 minus 2 held out");
  }

  @Test
  void badArgumentsExitTwoWithOneLine() {
    String[][] cases = {
        {"finetune", "--data", "nope", "--train-size", "16"},
        {"finetune", "--data", "rte", "--train-size", "1"},
        {"finetune", "--data", "rte", "--train-size", "16", "--mode", "half"},
        {"finetune", "--data", "rte", "--train-size", "16", "--max-length", "2"},
        {"finetune", "--data", "rte"},
        {"finetune", "--data", "rte", "--train-size", "16", "--lr", "-1"},
    };
    for (String[] c : cases) {
      MainTest.Run r = MainTest.run(c);
      assertEquals(2, r.code(), String.join(" ", c) + " -> " + r.err());
      assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
      assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
    }
  }
}
