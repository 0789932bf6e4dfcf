package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.ftlab.util.Json;
import org.junit.jupiter.api.Test;

class StabilityCommandTest {
  @Test
  void badSubcommandExitsTwoListingAccepted() {
    MainTest.Run r = MainTest.run("stability", "frob", "--factor", "margin");
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains("unknown subcommand 'frob'") && r.err().contains("synthetic"),
        r.err());
    MainTest.Run m = MainTest.run("stability");
    assertEquals(2, m.code(), m.err());
    assertTrue(m.err().contains("missing subcommand") && m.err().contains("synthetic"), m.err());
    MainTest.Run o = MainTest.run("stability", "--factor", "margin");
    assertEquals(2, o.code(), "an option where the subcommand belongs: " + o.err());
  }

  @Test
  void badFactorExitsTwo() {
    MainTest.Run r = MainTest.run("stability", "synthetic", "--factor", "colour");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--factor"), r.err());
    MainTest.Run p = MainTest.run("stability", "synthetic", "--factor", "margin", "--points", "5");
    assertEquals(2, p.code(), p.err());
  }

  @Test
  void smallRunPrintsJson() {
    MainTest.Run r = MainTest.run("stability", "synthetic", "--factor", "samples", "--sets", "3",
        "--points", "40", "--steps", "50", "--seed", "1");
    assertEquals(0, r.code(), r.err());
    JsonObject o = Json.parse(r.out().strip());
    assertEquals("samples", o.get("factor").getAsString());
    assertEquals(6, o.get("figure").getAsInt(), "samples reproduces Figure 6");
    JsonArray rows = o.getAsJsonArray("rows");
    assertEquals(5, rows.size(), "five default levels");
    assertEquals(40, rows.get(4).getAsJsonObject().get("n").getAsInt(), "largest n = --points");
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.get(i).getAsJsonObject();
      assertTrue(row.get("bound").getAsDouble() >= row.get("gdMean").getAsDouble(),
          "Theorem 2.4 bound >= measured GD stability at level " + i);
    }
    MainTest.Run again = MainTest.run("stability", "synthetic", "--factor", "samples", "--sets",
        "3", "--points", "40", "--steps", "50", "--seed", "1");
    JsonObject o2 = Json.parse(again.out().strip());
    o.remove("seconds");
    o2.remove("seconds");
    assertEquals(o, o2, "same seed, same JSON (apart from the wall time)");
  }

  @Test
  void glueTinyHeadRunPrintsJson() {
    String[] cmd = {"stability", "glue", "--task", "rte", "--method", "mhloss", "--heads", "3",
        "--seeds", "2", "--mode", "head", "--train-size", "30", "--test-size", "20", "--epochs",
        "2", "--max-length", "32", "--seed", "5"};
    MainTest.Run r = MainTest.run(cmd);
    assertEquals(0, r.code(), r.err());
    assertEquals(1, r.out().strip().lines().count(), "one JSON line: " + r.out());
    JsonObject o = Json.parse(r.out().strip());
    assertEquals("mhloss", o.get("method").getAsString());
    assertEquals(3, o.get("heads").getAsInt());
    assertEquals("accuracy (%)", o.get("metric").getAsString());
    JsonArray scores = o.getAsJsonArray("scores");
    assertEquals(2, scores.size(), "one score per seed");
    double mean = (scores.get(0).getAsDouble() + scores.get(1).getAsDouble()) / 2;
    assertEquals(mean, o.get("mean").getAsDouble(), 1e-12, "mean of the per-seed scores");
    assertEquals(5, o.getAsJsonArray("seeds").get(0).getAsLong(), "run 0 uses --seed");
    assertEquals(6, o.getAsJsonArray("seeds").get(1).getAsLong(), "run 1 uses --seed + 1");
    double dis = o.get("predictionDisagreement").getAsDouble();
    assertTrue(dis >= 0 && dis <= 1, "disagreement is a fraction: " + dis);
    assertEquals(27, o.get("trainSize").getAsInt(), "30 drawn minus 3 held out");
    JsonObject again = Json.parse(MainTest.run(cmd).out().strip());
    assertEquals(o.get("scores"), again.get("scores"), "same seed, same scores");
    assertEquals(o.get("headDistances"), again.get("headDistances"), "same seed, same heads");
  }

  @Test
  void glueBadInputExitsTwoWithOneLine() {
    String[][] cases = {
        {"stability", "glue", "--task", "rte", "--method", "dropout"},
        {"stability", "glue", "--task", "nope", "--method", "mmr"},
        {"stability", "glue", "--task", "stsb", "--method", "mmr"},
        {"stability", "glue", "--task", "rte", "--method", "mmr", "--mode", "half"},
        {"stability", "glue", "--task", "rte", "--method", "mmr", "--remove", "1.5"},
        {"stability", "glue", "--method", "mmr"},
    };
    for (String[] c : cases) {
      MainTest.Run r = MainTest.run(c);
      assertEquals(2, r.code(), String.join(" ", c) + " -> " + r.err());
      assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
      assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
    }
    MainTest.Run m = MainTest.run(cases[0]);
    assertTrue(m.err().contains("--method") && m.err().contains("mhloss"), m.err());
  }
}
