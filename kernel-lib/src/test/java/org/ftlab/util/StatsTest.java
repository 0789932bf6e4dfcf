package org.ftlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void meanAndSampleSdMatchHandValues() {
        double[] x = {2, 4, 4, 4, 5, 5, 7, 9}; // mean 5, Σ(x−5)² = 32, n − 1 = 7
        assertEquals(5.0, Stats.mean(x), 1e-15, "mean of 2,4,4,4,5,5,7,9");
        assertEquals(Math.sqrt(32.0 / 7), Stats.sampleSd(x), 1e-15, "sample sd = sqrt(32/7)");
        assertEquals(0.0, Stats.sampleSd(new double[] {3}), 0.0, "one value: sd 0");
        assertTrue(Double.isNaN(Stats.mean(new double[0])), "no values: NaN mean");
    }
}
