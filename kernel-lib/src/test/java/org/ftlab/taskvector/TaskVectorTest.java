package org.ftlab.taskvector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;
import org.ftlab.model.ParameterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.Map;

class TaskVectorTest {

    @Test
    void cosineDotAndNorm() {
        TaskVector a = TaskVector.of(Map.of("w", new double[] {1, 2, 2}));
        TaskVector b = TaskVector.of(Map.of("w", new double[] {2, -1, 0}));
        assertEquals(1.0, a.cosine(a), 1e-15, "cos(τ, τ) = 1 (tolerance 1e-15)");
        assertEquals(-1.0, a.cosine(a.negate()), 1e-15, "cos(τ, −τ) = −1");
        assertEquals(0.0, a.cosine(b), 1e-15, "<(1,2,2),(2,−1,0)> = 0");
        assertEquals(3.0, a.norm(), 1e-15, "||(1,2,2)|| = 3");
        assertArrayEquals(new double[] {3, 1, 2}, a.plus(b).values("w"), 1e-15, "τ + τ'");
        assertArrayEquals(new double[] {0.5, 1, 1}, a.scale(0.5).values("w"), 1e-15, "λ τ");
        assertEquals(1.0, a.cosine(a.scale(7)), 1e-15, "cosine is scale invariant");
    }

    @Test
    void arithmeticOnAModel() {
        try (NDManager m = NDManager.newBaseManager();
                AttentionNetwork net = AttentionNetwork.builder().setWidth(4).setHeads(1)
                        .setLayers(1).setSeqLength(2).setInputDim(3)
                        .optDataType(DataType.FLOAT64).optSeed(1).build()) {
            ParameterSnapshot pt = ParameterSnapshot.of(net);
            for (NamedParameter p : net.parameters()) {
                Autograd.assign(p.array(), p.array().mul(1.5).add(0.25));
            }
            ParameterSnapshot ft = ParameterSnapshot.of(net);
            TaskVector tau = TaskVector.between(pt, ft);
            tau.applyTo(net, pt);
            assertEquals(0.0, ParameterSnapshot.of(net).distance(ft), 1e-12,
                    "θ_PT + τ = θ_FT (tolerance 1e-12)");
            tau.negate().applyTo(net, ft);
            assertEquals(0.0, ParameterSnapshot.of(net).distance(pt), 1e-12,
                    "eq. 23 as printed, θ_FT − τ, is θ_PT (tolerance 1e-12)");
            tau.scale(-1).applyTo(net, pt);
            double expected = tau.norm();
            assertEquals(expected, ParameterSnapshot.of(net).distance(pt), 1e-12,
                    "Ilharco negation θ_PT − τ lies ||τ|| from θ_PT");
            assertEquals(2 * expected, ParameterSnapshot.of(net).distance(ft), 1e-12,
                    "and 2||τ|| from θ_FT");
        }
    }

    @Test
    void mismatchedVectorsAreRejected() {
        TaskVector a = TaskVector.of(Map.of("w", new double[] {1, 2}));
        TaskVector b = TaskVector.of(Map.of("w", new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> a.dot(b));
        assertThrows(IllegalArgumentException.class, () -> a.values("v"));
    }
}
