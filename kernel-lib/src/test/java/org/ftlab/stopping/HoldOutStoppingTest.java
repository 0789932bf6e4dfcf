package org.ftlab.stopping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HoldOutStoppingTest {

    @Test
    void handWorkedSequences() {
        // best at epoch 2 (0.7); epochs 3, 4 do not improve -> patience 2 stops at epoch 4
        HoldOutStopping.Result r = HoldOutStopping.evaluate(new double[] {1.0, 0.8, 0.7, 0.75, 0.71, 0.5}, 2, 0.0);
        assertEquals(4, r.stopEpoch(), "stop after two non-improving epochs (3, 4)");
        assertEquals(2, r.bestEpoch(), "best epoch 2");
        assertEquals(0.7, r.bestLoss(), 0.0, "best loss 0.7");
        assertTrue(r.stopped(), "rule fired");

        // minDelta 0.05: 0.68 is not 0.05 below 0.7, so it does not reset the counter
        r = HoldOutStopping.evaluate(new double[] {1.0, 0.7, 0.68, 0.66, 0.6}, 2, 0.05);
        assertEquals(3, r.stopEpoch(), "small improvements below minDelta do not count");
        assertEquals(1, r.bestEpoch(), "best stays at epoch 1");

        // never stops: last index returned
        r = HoldOutStopping.evaluate(new double[] {3, 2, 1, 1.5}, 3, 0.0);
        assertFalse(r.stopped(), "patience 3 not reached");
        assertEquals(3, r.stopEpoch(), "stop epoch = last index when the rule never fires");
        assertEquals(2, r.bestEpoch(), "best epoch 2");

        // NaN never improves and counts toward patience; an equal loss is not an improvement
        r = HoldOutStopping.evaluate(new double[] {Double.NaN, 1.0, 1.0, Double.NaN}, 2, 0.0);
        assertEquals(1, r.bestEpoch(), "first finite loss is the first best");
        assertEquals(3, r.stopEpoch(), "equal loss and NaN are two non-improving epochs");
    }

    @Test
    void streamingEqualsBatch() {
        double[] losses = {5, 4, 4.5, 3, 3.2, 3.1, 3.05, 2.0};
        HoldOutStopping h = new HoldOutStopping(3, 0.0);
        int stop = -1;
        for (int e = 0; e < losses.length; e++) {
            if (h.update(losses[e])) {
                stop = e;
                break;
            }
        }
        HoldOutStopping.Result r = HoldOutStopping.evaluate(losses, 3, 0.0);
        assertEquals(r.stopEpoch(), stop, "streaming and batch agree on the stop epoch");
        assertEquals(6, stop, "epochs 4, 5, 6 do not improve on 3.0");
        assertEquals(r.bestEpoch(), h.bestEpoch(), "same best epoch");
        assertThrows(IllegalStateException.class, () -> h.update(1.0), "no updates after stopping");
    }

    @Test
    void rejectsBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HoldOutStopping(0, 0));
        assertTrue(e.getMessage().startsWith("patience"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HoldOutStopping(1, -1));
        assertTrue(e.getMessage().startsWith("minDelta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HoldOutStopping.evaluate(new double[0], 1, 0));
        assertTrue(e.getMessage().startsWith("validationLosses"), e.getMessage());
    }
}
