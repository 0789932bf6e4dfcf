package org.ftlab.paper1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ftlab.claims.Claim;
import org.ftlab.experiment.Experiments;
import org.ftlab.experiment.Ledger;
import org.ftlab.experiment.LedgerEntry;
import org.ftlab.experiment.RunContext;
import org.ftlab.experiment.RunMode;
import org.ftlab.stats.Intervals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticTaskArithmeticTest {
  static final SyntheticTaskArithmetic.Options SMALL = new SyntheticTaskArithmetic.Options(8, 16,
      16, 20, 0.5, new double[] {0, 1}, 3, 2);

  @Test
  void claimsComeFromThePerSeedNumbersAndAreRecordedAndResumable(@TempDir Path tmp)
      throws Exception {
    var exp = new SyntheticTaskArithmetic();
    Path ckpt = tmp.resolve("ckpt");
    Path store = tmp.resolve("claims");
    var r = Experiments.run(exp, SMALL, RunContext.quiet(RunMode.QUICK, ckpt), store);
    assertEquals(List.of("P1-X4", "P1-X5"), r.claims().claims().stream().map(Claim::id).toList());
    // independent recomputation of P1-X4's task-A interval from the result's per-seed errors
    double[] neg = r.negatedMse(0);
    double[] ft = r.fineTunedMse(0);
    double[] d = new double[3];
    double mean = 0;
    for (int s = 0; s < 3; s++) {
      d[s] = Math.log(neg[s] / ft[s]);
      mean += d[s] / 3;
    }
    double ss = 0;
    for (double v : d) {
      ss += (v - mean) * (v - mean);
    }
    double half = 4.30265273 * Math.sqrt(ss / 2) / Math.sqrt(3);   // t_{0.975, 2}
    var partA = r.claims().get("P1-X4").parts().get(0);
    assertEquals(mean, partA.ours().estimate(), 1e-12, "mean log ratio over 3 seeds");
    assertEquals(mean - half, partA.ours().lo(), 1e-7, "t-interval, t from tables to 1e-8");
    // the first seed is the plain TaskArithmetic run with that seed
    assertEquals(r.first().negatedMse(0), neg[0], 0.0, "seed 0 is the full first run");
    // recorded: one file per claim with the run's metadata
    List<LedgerEntry> stored = Ledger.load(store);
    assertEquals(List.of("P1-X4", "P1-X5"), stored.stream().map(e -> e.claim().id()).toList());
    assertEquals("quick", stored.get(0).mode());
    assertEquals("3", stored.get(0).options().get("seeds"));
    assertTrue(stored.get(0).wallSeconds() > 0);
    // resumed from checkpoints: the same numbers
    var again = Experiments.run(exp, SMALL, RunContext.quiet(RunMode.QUICK, ckpt), null);
    assertEquals(r.claims().claims(), again.claims().claims(), "resumed run, same claims");
  }

  @Test
  void aVerdictNeverComesFromNaN() {
    var runs = new SyntheticTaskArithmetic.SeedRun[] {
        new SyntheticTaskArithmetic.SeedRun(new double[] {1, 1, 1, 1},
            new double[] {2, Double.NaN, 2, 2}, new double[] {1, 1, 1, 1}, 0.1, 0.5),
        new SyntheticTaskArithmetic.SeedRun(new double[] {1, 1, 1, 1},
            new double[] {2, 2, 2, 2}, new double[] {1, 1, 1, 1}, 0.1, 0.5)};
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SyntheticTaskArithmetic.claims(SMALL, runs));
    assertTrue(e.getMessage().contains("task B") && e.getMessage().contains("is NaN"),
        e.getMessage());
    assertEquals(Intervals.LEVEL, 0.95);
  }
}
