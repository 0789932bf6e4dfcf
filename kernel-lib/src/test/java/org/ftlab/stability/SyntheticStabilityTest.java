package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticStabilityTest {
  @Test
  void dataHaveTheDocumentedMarginAndBound() {
    SyntheticData spec = new SyntheticData(300, 4, 0.3, 1.5);
    SyntheticData.Set s = spec.sample(2);
    assertTrue(s.sampleBound() <= 0.3 + 2 * 1.5 + 1e-12, "B <= gamma0 + 2R, got " + s.sampleBound());
    SvmSolution svm = MaxMarginSvm.fit(s.x(), s.y());
    assertTrue(svm.margin() >= 0.3 - 1e-6, "gamma_S >= gamma0 = 0.3, got " + svm.margin());
    // the two balls touch the planes x1 = ±0.3 only in the limit: with 300 points in 4-D the margin
    // stays below the centre half-distance c/2 = 1.8
    assertTrue(svm.margin() < 1.8, "gamma_S < c/2, got " + svm.margin());
    SyntheticData.Set again = spec.sample(2);
    assertEquals(s.x()[17][2], again.x()[17][2], 0, "same seed, same data");
  }

  @Test
  void largerMarginIsMoreStableAndBoundsHold() {
    SyntheticResult r = SyntheticStability.builder(SyntheticStability.Factor.MARGIN).optSets(8)
        .optPoints(80).optSteps(200).optLevels(0.05, 1.0).build().run();
    SyntheticResult.Row small = r.rows().get(0);
    SyntheticResult.Row large = r.rows().get(1);
    assertTrue(large.margin() > small.margin(), "measured gamma_S grows with gamma0");
    assertTrue(large.svmMean() < small.svmMean(), "SVM ||Delta_hat|| falls with the margin (Fig 7): "
        + small.svmMean() + " -> " + large.svmMean());
    for (SyntheticResult.Row row : r.rows()) {
      assertTrue(row.bound() >= row.gdMean(), "Theorem 2.4 bound " + row.bound()
          + " >= measured " + row.gdMean());
      assertTrue(row.svmMax() >= row.svmMean(), "max over i >= mean over i");
    }
  }

  @Test
  void badLevelsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> SyntheticStability
        .builder(SyntheticStability.Factor.HEADS).optLevels(2.5).build());
    assertThrows(IllegalArgumentException.class, () -> SyntheticStability
        .builder(SyntheticStability.Factor.SAMPLES).optLevels(1.5).build());
    assertThrows(IllegalArgumentException.class, () -> SyntheticStability.Factor.parse("colour"));
  }
}
