package org.ftlab.taskvector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Random;

class KernelOverlapTest {

    /** Gram matrix of feature rows. */
    private static double[][] gram(double[][] f) {
        double[][] k = new double[f.length][f.length];
        for (int i = 0; i < f.length; i++) {
            for (int j = 0; j < f.length; j++) {
                for (int p = 0; p < f[i].length; p++) {
                    k[i][j] += f[i][p] * f[j][p];
                }
            }
        }
        return k;
    }

    @Test
    void orthogonalFeaturesGiveZeroAndDuplicatesGiveOne() {
        Random r = new Random(1);
        double[][] f = new double[9][6];
        for (int i = 0; i < 9; i++) {
            for (int p = 0; p < 3; p++) {
                // rows 0..2: task 1 on coordinates 0..2; rows 3..5: task 2 on 3..5; 6..8 copy 0..2
                int off = i >= 3 && i < 6 ? 3 : 0;
                f[i][off + p] = i >= 6 ? f[i - 6][p] : r.nextGaussian();
            }
        }
        double[][] rho = KernelOverlap.normalisedCrossKernel(gram(f), new int[] {3, 3, 3});
        assertEquals(0.0, rho[0][1], 0.0, "disjoint feature supports: ρ = 0 exactly");
        assertEquals(1.0, rho[0][2], 1e-12, "identical inputs: ρ = 1 (tolerance 1e-12)");
        assertEquals(1.0, rho[1][1], 1e-12, "diagonal is 1");
    }

    @Test
    void overlapOfRandomGramIsAtMostOne() {
        Random r = new Random(2);
        double[][] f = new double[10][4];
        for (double[] row : f) {
            for (int p = 0; p < 4; p++) {
                row[p] = r.nextGaussian();
            }
        }
        double[][] rho = KernelOverlap.normalisedCrossKernel(gram(f), new int[] {4, 6});
        assertTrue(rho[0][1] > 0 && rho[0][1] <= 1 + 1e-12,
                "Cauchy-Schwarz: 0 < ρ <= 1, got " + rho[0][1]);
        assertEquals(rho[0][1], rho[1][0], 1e-15, "ρ symmetric");
        assertThrows(IllegalArgumentException.class,
                () -> KernelOverlap.normalisedCrossKernel(gram(f), new int[] {4, 5}));
    }
}
