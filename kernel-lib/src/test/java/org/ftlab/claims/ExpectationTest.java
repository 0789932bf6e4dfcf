package org.ftlab.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ftlab.stats.Interval;
import org.ftlab.stats.Intervals;
import org.junit.jupiter.api.Test;

/** The verdict rule on synthetic data where the right answer is known. */
class ExpectationTest {

  static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  static final double[] N = {50, 100, 200, 400, 800, 1600};

  /** Verdict counts of "slope = −1/2" over simulated log-log curves with a given true slope. */
  static Map<Verdict, Integer> slopeVerdicts(double trueSlope, double noise, int reps) {
    SplittableRandom r = new SplittableRandom(1);
    Expectation e = Expectation.equal("error ~ N^-1/2", -0.5, 0);
    Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
    for (int k = 0; k < reps; k++) {
      double[] y = new double[N.length];
      for (int i = 0; i < N.length; i++) {
        y[i] = Math.pow(N[i], trueSlope) * Math.exp(noise * gauss(r));
      }
      Verdict v = e.judge(Intervals.logLogSlope("error vs N", N, y, 0.95)).verdict();
      m.merge(v, 1, Integer::sum);
    }
    return m;
  }

  @Test
  void aTrueSlopeOfMinusOneHalfIsReproduced() {
    Map<Verdict, Integer> m = slopeVerdicts(-0.5, 0.05, 500);
    // the 95% interval covers -0.5 in ~95% of runs and, at this noise, always excludes 0
    assertTrue(m.getOrDefault(Verdict.REPRODUCED, 0) >= 460, "verdicts " + m);
  }

  @Test
  void aShallowerTrueSlopeIsPartlyReproduced() {
    Map<Verdict, Integer> m = slopeVerdicts(-0.2, 0.02, 200);
    assertEquals(200, m.getOrDefault(Verdict.PARTLY, 0), "decays, but not at N^-1/2: " + m);
  }

  @Test
  void noDecayIsNotReproduced() {
    Map<Verdict, Integer> m = slopeVerdicts(0.0, 0.02, 200);
    // a 95% interval excludes 0 by chance in 5% of runs, half of them below 0 ("partly")
    assertTrue(m.getOrDefault(Verdict.NOT_REPRODUCED, 0) >= 180, "flat curves: " + m);
    assertEquals(0, m.getOrDefault(Verdict.REPRODUCED, 0), "flat curves: " + m);
  }

  @Test
  void aNoisyCurveIsInconclusiveAndSaysWhatSizeWould() {
    Map<Verdict, Integer> m = slopeVerdicts(-0.5, 1.5, 300);
    assertTrue(m.getOrDefault(Verdict.INCONCLUSIVE, 0) > 150, "very noisy: " + m);
    Interval wide = new Interval(-0.4, -1.2, 0.4, 0.95, "t", 6);
    Expectation.Judgement j = Expectation.equal("slope -1/2", -0.5, 0).judge(wide);
    assertEquals(Verdict.INCONCLUSIVE, j.verdict());
    // half-width 0.8, gap 0.4: 6 * 4 = 24 units
    assertTrue(j.reason().contains("about 24 units instead of 6"), j.reason());
  }

  /** Verdicts of "the method reduces the std" on bootstrap intervals of sd(method) − sd(base). */
  static Map<Verdict, Integer> spreadVerdicts(double sdMethod, double sdBase, int seeds,
      double paperDelta, int reps) {
    SplittableRandom r = new SplittableRandom(2);
    Expectation e = Expectation.below("std(method) < std(FineTune)", 0);
    if (!Double.isNaN(paperDelta)) {
      e = e.withPaperValue(paperDelta);
    }
    Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
    for (int k = 0; k < reps; k++) {
      double[] a = new double[seeds];
      double[] b = new double[seeds];
      for (int i = 0; i < seeds; i++) {
        a[i] = 70 + sdMethod * gauss(r);
        b[i] = 70 + sdBase * gauss(r);
      }
      Interval ci = Intervals.sdDifference("delta sigma", a, b, 0.95, 1000, k);
      m.merge(e.judge(ci).verdict(), 1, Integer::sum);
    }
    return m;
  }

  @Test
  void twoEqualSpreadsAreNotCalledAReduction() {
    Map<Verdict, Integer> m = spreadVerdicts(1, 1, 10, Double.NaN, 200);
    int wrong = m.getOrDefault(Verdict.REPRODUCED, 0);
    assertTrue(wrong <= 20, "equal spreads called reproduced in " + wrong + " of 200: " + m);
    assertTrue(m.getOrDefault(Verdict.INCONCLUSIVE, 0) >= 150, "mostly inconclusive: " + m);
  }

  @Test
  void twoEqualSpreadsWithManySeedsRuleOutThePapersLargeEffect() {
    // the paper claims delta sigma = -3 (points); 60 seeds of equal spreads exclude it
    Map<Verdict, Integer> m = spreadVerdicts(2, 2, 60, -3, 100);
    assertTrue(m.getOrDefault(Verdict.NOT_REPRODUCED, 0) >= 85, "equal spreads, 60 seeds: " + m);
  }

  @Test
  void aClearlySmallerSpreadIsReproducedAndALargerOneIsNot() {
    assertEquals(100, spreadVerdicts(0.5, 3, 20, Double.NaN, 100)
        .getOrDefault(Verdict.REPRODUCED, 0));
    assertEquals(100, spreadVerdicts(3, 0.5, 20, Double.NaN, 100)
        .getOrDefault(Verdict.NOT_REPRODUCED, 0));
  }

  @Test
  void boundsAndRegions() {
    Expectation bound = Expectation.atMost("rate exponent <= -1/2", -0.5, 0);
    assertEquals(Verdict.REPRODUCED, bound.judge(iv(-0.9, -0.7)).verdict());
    assertEquals(Verdict.REPRODUCED, bound.judge(iv(-0.6, -0.45)).verdict(), "meets the bound");
    assertEquals(Verdict.PARTLY, bound.judge(iv(-0.35, -0.25)).verdict(), "decays, slower");
    assertEquals(Verdict.NOT_REPRODUCED, bound.judge(iv(-0.05, 0.1)).verdict());
    assertEquals(Verdict.INCONCLUSIVE, bound.judge(iv(-0.8, 0.2)).verdict());
    Expectation noNull = Expectation.within("ratio in [0.8, 1.25]", 0.8, 1.25, Double.NaN);
    assertEquals(Verdict.REPRODUCED, noNull.judge(iv(0.9, 1.1)).verdict());
    assertEquals(Verdict.NOT_REPRODUCED, noNull.judge(iv(1.4, 1.6)).verdict());
  }

  @Test
  void partsCombine() {
    assertEquals(Verdict.REPRODUCED, Claim.combine(List.of(Verdict.REPRODUCED,
        Verdict.REPRODUCED, Verdict.NOT_COMPARABLE)));
    assertEquals(Verdict.PARTLY, Claim.combine(List.of(Verdict.REPRODUCED,
        Verdict.NOT_REPRODUCED)));
    assertEquals(Verdict.NOT_REPRODUCED, Claim.combine(List.of(Verdict.INCONCLUSIVE,
        Verdict.NOT_REPRODUCED)));
    assertEquals(Verdict.INCONCLUSIVE, Claim.combine(List.of(Verdict.INCONCLUSIVE)));
    assertEquals(Verdict.NOT_COMPARABLE, Claim.combine(List.of(Verdict.NOT_COMPARABLE)));
  }

  @Test
  void aClaimNeedsAMeasurementAndAValidId() {
    var b = Claim.of("P1-C5").source("§6.1").statement("s").paper("p").quantity("q")
        .notebook("p1-02-early-stopping.ipynb");
    var e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("no measurement"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Claim.of("C5").source("x").statement("s")
        .paper("p").quantity("q").notebook("n").measured(iv(0, 1),
            Expectation.above("x", 0)).build());
    Claim c = b.measured(iv(-0.9, -0.7), Expectation.below("negative", 0)).build();
    assertEquals(Verdict.REPRODUCED, c.verdict());
    assertTrue(c.reason().contains("excludes 0"), c.reason());
  }

  static Interval iv(double lo, double hi) {
    return new Interval((lo + hi) / 2, lo, hi, 0.95, "test interval", 10);
  }
}
