package org.ftlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The differentiable array-by-number operations of {@link Autograd} (issue 5). */
class AutogradTest {

    /**
     * Gradients of {@code Σ op(x, c)} against their closed forms, with a garbage collection forced
     * between the forward and the backward pass (DJL's own {@code x.mul(c)} failed this: its 0-d
     * operand lived in a direct buffer the collection freed).
     */
    @Test
    void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward() throws Exception {
        double c = 1.0 / Math.sqrt(2.0);
        double[] x = {0.5, 2.0, -1.5};
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            double tol = type == DataType.FLOAT64 ? 1e-15 : 1e-6;
            check(type, x, (a, k) -> Autograd.mul(a, k), c, v -> c, "d(c x)/dx = c", tol);
            check(type, x, (a, k) -> Autograd.div(a, k), 3.0, v -> 1 / 3.0, "d(x/3)/dx = 1/3", tol);
            check(type, new double[] {0.5, 2.0, 1.5}, (a, k) -> Autograd.pow(a, k), -1.0,
                    v -> -1 / (v * v), "d(x^-1)/dx = -1/x²", tol);
            check(type, x, (a, k) -> Autograd.maximum(a, k), 0.0, v -> v > 0 ? 1 : 0,
                    "d max(x, 0)/dx = 1 if x > 0 else 0", tol);
        }
    }

    private static void check(DataType type, double[] x, BiFunction<NDArray, Double, NDArray> op,
            double c, java.util.function.DoubleUnaryOperator grad, String what, double tol)
            throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = ArrayFactory.create(m, x, new ai.djl.ndarray.types.Shape(x.length), type);
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(a, c).sum();
                collectGarbage();
                gc.backward(y);
            }
            double[] g = ArrayFactory.toDoubles(a.getGradient());
            for (int i = 0; i < x.length; i++) {
                assertEquals(grad.applyAsDouble(x[i]), g[i], tol,
                        what + " at x = " + x[i] + " (" + type + "), after a forced GC, tol " + tol);
            }
        }
    }

    @Test
    void scalarOwnsItsValueAndRejectsIntegerTypes() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = Autograd.scalar(m, 0.1, DataType.FLOAT64);
            collectGarbage();
            assertEquals(0.1, s.getDouble(), 0.0, "float64 scalar keeps 0.1 exactly");
            assertEquals(0, s.getShape().dimension(), "0-d");
            assertEquals(0.1f, Autograd.scalar(m, 0.1, DataType.FLOAT32).getFloat(), 0f,
                    "float32 scalar is (float) 0.1");
            assertThrows(IllegalArgumentException.class,
                    () -> Autograd.scalar(m, 1, DataType.INT32));
        }
    }

    /** Runs the garbage collector until the JVM's direct buffers stop being freed. */
    static void collectGarbage() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
                .stream().filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        long before;
        int rounds = 0;
        do {
            before = direct.getCount();
            System.gc();
            Thread.sleep(20);
        } while (direct.getCount() < before && ++rounds < 20);
    }
}
