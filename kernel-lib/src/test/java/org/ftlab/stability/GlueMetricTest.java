package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** GLUE metrics against hand-computed confusion tables. */
class GlueMetricTest {
  // gold/pred with TP = 3, TN = 2, FP = 1, FN = 2 for class 1
  private static final int[] GOLD = {1, 1, 1, 1, 1, 0, 0, 0};
  private static final int[] PRED = {1, 1, 1, 0, 0, 0, 0, 1};

  @Test
  void binaryMetricsMatchTheConfusionTable() {
    assertEquals(5.0 / 8, GlueMetric.accuracy(PRED, GOLD), 1e-15, "accuracy 5/8");
    assertEquals(6.0 / 9, GlueMetric.f1(PRED, GOLD, 1), 1e-15, "F1 = 2TP/(2TP+FP+FN) = 6/9");
    double mcc = (3.0 * 2 - 1.0 * 2) / Math.sqrt(4.0 * 5 * 3 * 4);
    assertEquals(mcc, GlueMetric.matthews(PRED, GOLD), 1e-15, "MCC = (TP·TN − FP·FN)/sqrt(...)");
    assertEquals(100 * mcc, GlueMetric.MATTHEWS.score(PRED, GOLD, 2), 1e-12, "CoLA score in percent");
    assertEquals(0.0, GlueMetric.matthews(new int[] {1, 1}, new int[] {1, 0}), 0.0,
        "constant predictions: MCC 0 (sklearn convention)");
  }

  @Test
  void cbScoreIsMeanOfAccuracyAndMacroF1() {
    int[] gold = {0, 0, 1, 1, 2, 2};
    int[] pred = {0, 1, 1, 1, 2, 0};
    double f0 = 2.0 / 4; // TP 1, FP 1, FN 1
    double f1 = 4.0 / 5; // TP 2, FP 1, FN 0
    double f2 = 2.0 / 3; // TP 1, FP 0, FN 1
    double macro = (f0 + f1 + f2) / 3;
    assertEquals(macro, GlueMetric.macroF1(pred, gold, 3), 1e-15, "macro-F1 by hand");
    assertEquals(50 * (4.0 / 6 + macro), GlueMetric.ACC_MACRO_F1.score(pred, gold, 3), 1e-12,
        "CB = (acc + macro-F1)/2 in percent");
    assertEquals(GlueMetric.MATTHEWS, GlueMetric.of("cola"));
    assertEquals(GlueMetric.F1, GlueMetric.of("mrpc"));
    assertEquals(GlueMetric.ACCURACY, GlueMetric.of("rte"));
  }
}
