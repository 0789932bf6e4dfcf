package org.ftlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.model.ParameterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

class SyntheticTasksTest {

    @Test
    void seededAndNoiseHasTheRequestedVariance() {
        int n = 4000;
        double sigma = 0.5;
        RegressionData a = SyntheticTasks.smooth(n, 3, 2, sigma, 1, 2);
        RegressionData b = SyntheticTasks.smooth(n, 3, 2, sigma, 1, 2);
        RegressionData c = SyntheticTasks.smooth(n, 3, 2, sigma, 1, 3);
        assertArrayEquals(a.targets(), b.targets(), 0.0, "same seeds, same sample");
        assertFalse(Arrays.equals(a.targets(), c.targets()), "other seed, other sample");
        double[] y = a.targets();
        double[] f = a.cleanTargets();
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (y[i] - f[i]) * (y[i] - f[i]);
        }
        double se = sigma * sigma * Math.sqrt(2.0 / n);
        assertEquals(sigma * sigma, ss / n, 5 * se, "noise variance σ² within 5 SE");
        assertTrue(a.signalVariance() > 0.05, "non-trivial signal");
        for (double v : f) {
            assertTrue(Math.abs(v) <= 1.5, "|sin| + |tanh|/2 <= 1.5");
        }
        RegressionData head = a.subset(0, 10);
        assertEquals(10, head.size(), "subset size");
        assertEquals(a.inputs()[9][2][1], head.inputs()[9][2][1], 0.0, "subset rows");
    }

    @Test
    void teacherTargetsAndRelatedTeacher() {
        try (AttentionNetwork t = AttentionNetwork.builder().setWidth(8).setHeads(2).setLayers(1)
                .setSeqLength(3).setInputDim(2).optDataType(DataType.FLOAT64).optSeed(4).build();
                AttentionNetwork same = SyntheticTasks.relatedTeacher(t, 0.0, 1);
                AttentionNetwork near = SyntheticTasks.relatedTeacher(t, 0.1, 1);
                NDManager m = NDManager.newBaseManager()) {
            RegressionData d = SyntheticTasks.teacher(t, 50, 3, 2, 0.0, 9);
            double[] direct = Autograd.noGrad(() -> t.forward(d.inputArray(m, DataType.FLOAT64))
                    .toDoubleArray());
            assertArrayEquals(direct, d.targets(), 1e-15, "σ = 0: targets are teacher outputs");
            RegressionData d0 = SyntheticTasks.teacher(same, 50, 3, 2, 0.0, 9);
            assertArrayEquals(d.targets(), d0.targets(), 0.0, "δ = 0 gives the same teacher");
            ParameterSnapshot a = ParameterSnapshot.of(t);
            ParameterSnapshot b = ParameterSnapshot.of(near);
            double[] wa = a.values("block1.attention.WV");
            double[] wb = b.values("block1.attention.WV");
            double num = 0;
            double den = 0;
            for (int i = 0; i < wa.length; i++) {
                num += (wb[i] - wa[i]) * (wb[i] - wa[i]);
                den += wa[i] * wa[i];
            }
            // 96 entries: relative RMS change δ within ~3 SE (SE = δ/sqrt(2·96))
            assertEquals(0.1, Math.sqrt(num / den), 0.1 * 3 / Math.sqrt(2 * 96.0),
                    "relative RMS shift δ");
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticTasks.smooth(0, 3, 2, 0.1, 1, 1));
        assertTrue(e.getMessage().startsWith("n/seqLength/inputDim"), e.getMessage());
    }
}
