package org.ftlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.List;
import java.util.function.Supplier;

/**
 * The few PyTorch-engine autograd operations DJL's engine-neutral API does not offer (see
 * STACK.md: {@code GradientCollector} never zeroes gradients). Requires the PyTorch engine.
 *
 * <p><b>Array-by-number arithmetic under autograd.</b> DJL's PyTorch {@code NDArray.mul(Number)},
 * {@code div(Number)}, {@code pow(Number)}, {@code maximum(Number)}, ... wrap the number in a
 * 0-d tensor made by {@code torch::from_blob} over a Java direct buffer and close it as soon as the
 * operation returns. PyTorch's autograd saves that 0-d tensor for the backward pass ({@code a·c}
 * needs {@code c}, {@code a/c} needs {@code c}); once the garbage collector frees the direct
 * buffer, {@code free()} itself writes allocator pointers into it, and the backward pass multiplies
 * every gradient by garbage (observed: 1.5e-35, -2.1e35, NaN). Whenever the result can reach a
 * backward pass, use {@link #mul(NDArray, double)}, {@link #div(NDArray, double)},
 * {@link #pow(NDArray, double)} or {@link #maximum(NDArray, double)}: their 0-d tensor owns its
 * memory ({@code clone}), so closing its Java handle leaves the saved copy valid.
 * ({@code add(Number)} and {@code sub(Number)} are safe: their backward pass saves no operand.)
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

    /**
     * A 0-d array holding {@code value} in {@code type} (FLOAT32 or FLOAT64) whose storage PyTorch
     * owns (unlike {@code manager.create(value)}, a view of a Java direct buffer), so autograd may
     * keep it after this handle is closed.
     *
     * @param manager manager of the result
     * @param value the number
     * @param type FLOAT32 or FLOAT64
     * @return an owning 0-d array
     */
    public static NDArray scalar(NDManager manager, double value, DataType type) {
        NDArray blob;
        if (type == DataType.FLOAT32) {
            blob = manager.create((float) value);
        } else if (type == DataType.FLOAT64) {
            blob = manager.create(value);
        } else {
            throw new IllegalArgumentException("type: " + type + ", accepted FLOAT32 or FLOAT64");
        }
        try (blob) {
            return blob.duplicate();
        }
    }

    /**
     * {@code a · c}, safe to differentiate (see the class comment; DJL's {@code a.mul(c)} is not).
     *
     * @param a float32 or float64 array
     * @param c the factor, converted to {@code a}'s data type
     * @return a new array in {@code a}'s manager
     */
    public static NDArray mul(NDArray a, double c) {
        try (NDArray k = scalar(a.getManager(), c, a.getDataType())) {
            return a.mul(k);
        }
    }

    /**
     * {@code a / c}, safe to differentiate (DJL's {@code a.div(c)} is not).
     *
     * @param a float32 or float64 array
     * @param c the divisor, converted to {@code a}'s data type
     * @return a new array in {@code a}'s manager
     */
    public static NDArray div(NDArray a, double c) {
        try (NDArray k = scalar(a.getManager(), c, a.getDataType())) {
            return a.div(k);
        }
    }

    /**
     * {@code a^c} elementwise, safe to differentiate (DJL's {@code a.pow(c)} is not).
     *
     * @param a float32 or float64 array
     * @param c the exponent, converted to {@code a}'s data type
     * @return a new array in {@code a}'s manager
     */
    public static NDArray pow(NDArray a, double c) {
        try (NDArray k = scalar(a.getManager(), c, a.getDataType())) {
            return a.pow(k);
        }
    }

    /**
     * {@code max(a, c)} elementwise, safe to differentiate (DJL's {@code a.maximum(c)} is not).
     *
     * @param a float32 or float64 array
     * @param c the floor, converted to {@code a}'s data type
     * @return a new array in {@code a}'s manager
     */
    public static NDArray maximum(NDArray a, double c) {
        try (NDArray k = scalar(a.getManager(), c, a.getDataType())) {
            return a.maximum(k);
        }
    }
}
