package org.ftlab.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spearman's ρ and Kendall's τ_b against hand computations, with and without ties. */
class RankCorrelationTest {

    @Test
    void handComputedValues() {
        // no ties: ranks (1,2,3) vs (2,1,3): rho = 1 - 6*2/(3*8) = 0.5; tau = (2 - 1)/3
        double[] beta = {0.51, 0.55, 0.62};
        double[] acc = {0.75, 0.70, 0.90};
        assertEquals(0.5, RankCorrelation.spearman(beta, acc), 1e-12, "rho = 0.5 (1e-12)");
        assertEquals(1.0 / 3, RankCorrelation.kendall(beta, acc), 1e-12, "tau = 1/3 (1e-12)");
        // ties in x: ranks x (1, 2.5, 2.5, 4), y (1, 3, 2, 4): rho = 4.5/sqrt(4.5*5);
        // tau_b = (5 - 0)/sqrt((6 - 1)(6 - 0))
        double[] x = {1, 2, 2, 3};
        double[] y = {1, 3, 2, 4};
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, RankCorrelation.ranks(x), 0, "average ranks of ties");
        assertEquals(4.5 / Math.sqrt(4.5 * 5), RankCorrelation.spearman(x, y), 1e-12, "rho with ties (1e-12)");
        assertEquals(5 / Math.sqrt(30), RankCorrelation.kendall(x, y), 1e-12, "tau_b with ties (1e-12)");
        // reversed order: -1 for both
        assertEquals(-1, RankCorrelation.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12, "rho");
        assertEquals(-1, RankCorrelation.kendall(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12, "tau");
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 1}, new double[] {1, 2})),
                "constant list gives NaN");
    }

    @Test
    void badInputNamesTheArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RankCorrelation.spearman(new double[] {1}, new double[] {1}));
        assertTrue(e.getMessage().startsWith("x, y:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RankCorrelation.kendall(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertTrue(e.getMessage().startsWith("x, y: entry 1"), e.getMessage());
    }
}
