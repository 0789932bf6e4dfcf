package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ftlab.claims.Verdict;
import org.ftlab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimsCommandTest {
  @Test
  void runsTheExperimentsOfTheRequestedClaimsAndAssemblesTheLedger(@TempDir Path tmp)
      throws Exception {
    Path store = tmp.resolve("claims");
    Path md = tmp.resolve("REPRODUCTION.md");
    MainTest.Run r = MainTest.run("claims", "--mode", "quick", "--only", "P1-X5", "--json",
        "--store", store.toString(), "--markdown", md.toString());
    assertEquals(0, r.code(), r.err());
    JsonObject j = Json.parse(r.out());
    JsonArray claims = j.getAsJsonArray("claims");
    // P1-X5's experiment also measures P1-X4: both are stored and printed
    assertEquals(2, claims.size(), r.out());
    for (var c : claims) {
      JsonObject o = c.getAsJsonObject();
      Verdict.valueOf(o.get("verdict").getAsString());
      assertTrue(!o.get("test").getAsString().isBlank(), "each verdict names its test");
    }
    assertTrue(Files.isRegularFile(store.resolve("P1-X4.json")));
    String ledger = Files.readString(md);
    assertTrue(ledger.contains("| P1-X5 |") && ledger.contains("| quick |"), ledger);

    // a ledger with another verdict for P1-X5: --diff names it, --no-run runs nothing
    Path old = tmp.resolve("OLD.md");
    String other = ledger.lines().map(l -> l.startsWith("| P1-X5 |")
        ? l.replaceAll("\\| \\*\\*[a-z ]+\\*\\* \\|", "| **not comparable** |") : l)
        .reduce("", (a, b) -> a + b + "\n");
    Files.writeString(old, other);
    MainTest.Run d = MainTest.run("claims", "--no-run", "--store", store.toString(), "--diff",
        old.toString());
    assertEquals(0, d.code(), d.err());
    assertTrue(d.out().contains("P1-X5: not comparable -> "), d.out());
    assertTrue(!d.out().contains("P1-X4:"), "unchanged verdicts are not listed: " + d.out());
  }

  @Test
  void badArgumentsAreOneLine(@TempDir Path tmp) {
    MainTest.Run r = MainTest.run("claims", "--only", "P9-Z1", "--no-run", "--store",
        tmp.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("ftlab claims: no experiment measures claim 'P9-Z1'"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    MainTest.Run m = MainTest.run("claims", "--no-run", "--store", tmp.resolve("none").toString());
    assertEquals(2, m.code());
    assertTrue(m.err().contains("no such folder of stored claims"), m.err());
  }
}
