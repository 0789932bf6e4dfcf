package org.ftlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Accuracy, macro-F1 and MSE against values worked out by hand from a fixed confusion matrix. */
class MetricsTest {
    @Test
    void accuracyAndMacroF1OfAFixedConfusion() {
        // gold: 0 0 0 0 1 1 1 2 2 2 ; predicted: 0 0 0 1 1 1 0 2 2 0
        // class 0: TP 3, FP 2 (rows 6, 9), FN 1 (row 3) -> F1 = 6/9
        // class 1: TP 2, FP 1 (row 3), FN 1 (row 6)      -> F1 = 4/6
        // class 2: TP 2, FP 0, FN 1 (row 9)              -> F1 = 4/5
        int[] gold = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        int[] pred = {0, 0, 0, 1, 1, 1, 0, 2, 2, 0};
        assertEquals(7.0 / 10, Metrics.accuracy(pred, gold), 1e-15, "accuracy 7/10 (1e-15)");
        double f1 = (6.0 / 9 + 4.0 / 6 + 4.0 / 5) / 3;
        assertEquals(f1, Metrics.macroF1(pred, gold, 3), 1e-15, "macro-F1 by hand (1e-15)");
    }

    @Test
    void absentClassCountsAsZeroF1() {
        // 3 classes, class 2 neither present nor predicted: F1 = (1 + 1 + 0)/3
        assertEquals(2.0 / 3, Metrics.macroF1(new int[] {0, 1}, new int[] {0, 1}, 3), 1e-15,
                "absent class F1 = 0 (1e-15)");
    }

    @Test
    void mseByHand() {
        assertEquals((1 + 4 + 0.25) / 3, Metrics.mse(new double[] {1, 2, 3}, new double[] {0, 4, 3.5}),
                1e-15, "MSE (1e-15)");
        assertThrows(IllegalArgumentException.class, () -> Metrics.mse(new double[1], new double[2]));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.macroF1(new int[] {3}, new int[] {0}, 3));
    }
}
