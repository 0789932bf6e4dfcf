package org.ftlab.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;

import org.junit.jupiter.api.Test;

class WidthScalingTest {

    private static WidthScaling.Builder tiny() {
        return WidthScaling.builder().setWidths(4, 8).optSeeds(1).optPretraining(0, 0.5)
                .optSourceSamples(4).optSamples(6, 6, 4).optSteps(2, 1)
                .optDataType(DataType.FLOAT64);
    }

    @Test
    void zeroLearningRateGivesZeroDriftAndLinearisationError() {
        WidthScalingResult r = tiny().optLearningRate(0).build().run();
        for (int i = 0; i < 2; i++) {
            assertEquals(0.0, r.drift()[i], 0.0, "ε = 0: K_τ = K_PT exactly, width "
                    + r.widths()[i]);
            assertEquals(0.0, r.linearisationError()[i], 0.0,
                    "ε = 0: θ_FT = θ_PT, no linearisation error (exact)");
        }
    }

    @Test
    void positiveLearningRateMovesTheKernel() {
        WidthScalingResult r = tiny().optLearningRate(0.5).build().run();
        assertTrue(r.drift()[0] > 0 && r.change()[0] > 0,
                "ε > 0: kernel and function change, drift " + r.drift()[0]);
        assertTrue(r.linearisationError()[0] < r.change()[0],
                "two small steps: linearisation error " + r.linearisationError()[0]
                        + " below the change " + r.change()[0]);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> WidthScaling.builder().setWidths(8).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().optSteps(0, 1).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().optSeeds().build());
    }
}
