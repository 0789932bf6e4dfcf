package org.ftlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ftlab.claims.Claim;
import org.ftlab.claims.Expectation;
import org.ftlab.claims.Verdict;
import org.ftlab.stats.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  static Claim claim(String id, double lo, double hi) {
    return Claim.of(id).source("§6.1").statement("a | statement").paper("≤ −0.5")
        .quantity("slope").notebook("p1-03-theory-checks.ipynb §3")
        .measured(new Interval((lo + hi) / 2, lo, hi, 0.95, "t-interval", 5),
            Expectation.atMost("slope ≤ −1/2", -0.5, 0)).build();
  }

  static LedgerEntry entry(Claim c) {
    return new LedgerEntry(c, "exp", "standard", Map.of("n", "5"), "abc123", "2026-12-06T10:00:00Z",
        "AMD EPYC, 2 cores", 12.5, 20.1, 812);
  }

  @Test
  void storedClaimsRoundTripAndAssembleIntoMarkdown(@TempDir Path dir) throws Exception {
    Ledger.write(dir, List.of(entry(claim("P1-C10", -0.8, -0.6)), entry(claim("P1-C2", -0.3,
        -0.1)), entry(claim("P2-D1", -0.6, 0.3))));
    List<LedgerEntry> back = Ledger.load(dir);
    assertEquals(List.of("P1-C2", "P1-C10", "P2-D1"), back.stream().map(e -> e.claim().id())
        .toList(), "sorted by paper and number");
    assertEquals(claim("P1-C10", -0.8, -0.6), back.get(1).claim(), "claim survives JSON");
    String md = Ledger.markdown(back);
    assertTrue(md.contains("**3 claims:** 1 reproduced, 1 partly, 1 inconclusive"), md);
    assertTrue(md.contains("a \\| statement"), "pipes escaped in cells");
    Map<String, Verdict> v = Ledger.verdicts(md);
    assertEquals(Map.of("P1-C2", Verdict.PARTLY, "P1-C10", Verdict.REPRODUCED, "P2-D1",
        Verdict.INCONCLUSIVE), v, "the Markdown ledger parses back to its verdicts");
  }

  @Test
  void diffListsChangedNewAndMissingVerdicts() {
    Map<String, Verdict> before = Map.of("P1-C2", Verdict.REPRODUCED, "P1-C3",
        Verdict.INCONCLUSIVE);
    List<String> d = Ledger.diff(before, List.of(entry(claim("P1-C2", -0.3, -0.1)),
        entry(claim("P1-C4", -0.8, -0.6))));
    assertEquals(List.of("P1-C2: reproduced -> partly", "P1-C4: new, reproduced",
        "P1-C3: inconclusive in the earlier ledger, not measured now"), d);
    assertEquals(List.of(), Ledger.diff(Map.of("P1-C4", Verdict.REPRODUCED),
        List.of(entry(claim("P1-C4", -0.8, -0.6)))));
  }

  @Test
  void aFileThatIsNotAnEntryIsNamed(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("P1-C1.json"), "{\"claim\": null}");
    var e = assertThrows(IllegalArgumentException.class, () -> Ledger.load(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("P1-C1.json") + ": not a ledger entry"),
        e.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> Ledger.load(dir.resolve("missing")));
    assertTrue(e2.getMessage().contains("no such folder"), e2.getMessage());
  }

  record Step(double[] values, String label) {}

  @Test
  void checkpointedStepsAreComputedOnceAndCorruptOnesAgain(@TempDir Path dir) throws Exception {
    RunContext ctx = RunContext.quiet(RunMode.QUICK, dir);
    ctx.scope = new RunContext.Scope("exp", Checkpoints.key("{n=1}", RunMode.QUICK));
    int[] calls = {0};
    Step a = ctx.step("seed-1", Step.class, () -> {
      calls[0]++;
      return new Step(new double[] {1.5, Double.NaN}, "x");
    });
    Step b = ctx.step("seed-1", Step.class, () -> {
      calls[0]++;
      return new Step(new double[] {9}, "y");
    });
    assertEquals(1, calls[0], "second call reads the checkpoint");
    assertEquals("x", b.label());
    assertTrue(Double.isNaN(b.values()[1]) && b.values()[0] == 1.5, "NaN survives the file");
    Path f;
    try (var s = Files.walk(dir)) {
      f = s.filter(p -> p.getFileName().toString().equals("seed-1.json")).findFirst()
          .orElseThrow();
    }
    Files.writeString(f, "{not json");
    Step c = ctx.step("seed-1", Step.class, () -> {
      calls[0]++;
      return new Step(new double[] {2}, "z");
    });
    assertEquals("z", c.label(), "a corrupt checkpoint is computed again");
    assertEquals(2, calls[0]);
    RunContext other = RunContext.quiet(RunMode.QUICK, dir);
    other.scope = new RunContext.Scope("exp", Checkpoints.key("{n=2}", RunMode.QUICK));
    Step d = other.step("seed-1", Step.class, () -> new Step(new double[] {3}, "other"));
    assertEquals("other", d.label(), "other options, other checkpoints");
    assertEquals(a.label(), "x");
  }
}
