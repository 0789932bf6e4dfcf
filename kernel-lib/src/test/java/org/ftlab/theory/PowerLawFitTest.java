package org.ftlab.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PowerLawFitTest {

    @Test
    void exactPowerLawIsRecovered() {
        double[] x = {16, 32, 64, 128, 256};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3.0 * Math.pow(x[i], -0.5);
        }
        PowerLawFit f = PowerLawFit.fit(x, y);
        assertEquals(-0.5, f.slope(), 1e-12, "slope of y = 3 x^-1/2 (tolerance 1e-12)");
        assertEquals(Math.log(3), f.logIntercept(), 1e-12, "log C = log 3 (tolerance 1e-12)");
        assertEquals(1.0, f.rSquared(), 1e-12, "R² of an exact power law (tolerance 1e-12)");
        assertEquals(3.0 / 20, f.predict(400), 1e-12, "prediction 3/sqrt(400) (tolerance 1e-12)");
    }

    @Test
    void twoPointsGiveTheSecant() {
        PowerLawFit f = PowerLawFit.fit(new double[] {2, 8}, new double[] {5, 20});
        assertEquals(1.0, f.slope(), 1e-12, "log(20/5)/log(8/2) = 1 (tolerance 1e-12)");
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> PowerLawFit.fit(new double[] {1, 2}, new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class,
                () -> PowerLawFit.fit(new double[] {2, 2}, new double[] {1, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> PowerLawFit.fit(new double[] {1}, new double[] {1}));
    }
}
