package org.ftlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.List;
import java.util.function.Supplier;

/**
 * The few PyTorch-engine autograd operations DJL's engine-neutral API does not offer (see
 * STACK.md: {@code GradientCollector} never zeroes gradients). Requires the PyTorch engine.
 */
public final class Autograd {

    private Autograd() {}

    /**
     * Zeroes the accumulated gradient of every parameter that has one (no-op for parameters never
     * reached by a backward pass). Call before each per-sample backward pass.
     *
     * @param parameters parameters whose {@code .grad} is cleared
     */
    public static void zeroGradients(List<NamedParameter> parameters) {
        for (NamedParameter p : parameters) {
            if (p.array().hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) p.array());
            }
        }
    }

    /**
     * Runs {@code body} with PyTorch's (thread-local) grad mode off, so in-place updates of leaf
     * parameters are allowed and no graph is recorded; restores the previous mode.
     *
     * @param body work to run
     * @param <T> result type
     * @return what {@code body} returns
     */
    public static <T> T noGrad(Supplier<T> body) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    /**
     * {@link #noGrad(Supplier)} for work without a result.
     *
     * @param body work to run
     */
    public static void noGrad(Runnable body) {
        noGrad(
                () -> {
                    body.run();
                    return null;
                });
    }

    /**
     * Overwrites a parameter's values in place (no autograd record), keeping its identity and
     * {@code requiresGradient}.
     *
     * @param parameter live parameter array
     * @param values new values, same shape; converted to the parameter's data type
     */
    public static void assign(NDArray parameter, NDArray values) {
        if (!parameter.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException(
                    "values: shape " + values.getShape() + " differs from parameter shape "
                            + parameter.getShape());
        }
        noGrad(
                () -> {
                    NDArray v = values.toType(parameter.getDataType(), false);
                    parameter.set(new ai.djl.ndarray.index.NDIndex("..."), v);
                    if (v != values) {
                        v.close();
                    }
                });
    }

    /**
     * Runs {@code body} with PyTorch's intra-op thread count set to {@code threads} (process-wide),
     * restoring the previous count afterwards; {@code threads <= 0} leaves it unchanged.
     * Per-sample forward/backward passes are latency-bound: on the 2-core machine of STACK.md,
     * under load from other processes, 100 per-sample gradients of a 352k-parameter network took
     * 24.9 s with 2 threads and 1.5 s with 1; on the lightly loaded machine 1.17 s and 1.05 s.
     *
     * @param threads intra-op threads during {@code body}, or {@code <= 0} for no change
     * @param body work to run
     * @param <T> result type
     * @return what {@code body} returns
     */
    public static <T> T withIntraOpThreads(int threads, Supplier<T> body) {
        if (threads <= 0) {
            return body.get();
        }
        ai.djl.engine.Engine.getInstance(); // native library must be loaded first
        int previous = JniUtils.getNumThreads();
        if (previous == threads) {
            return body.get();
        }
        JniUtils.setNumThreads(threads);
        try {
            return body.get();
        } finally {
            JniUtils.setNumThreads(previous);
        }
    }
}
