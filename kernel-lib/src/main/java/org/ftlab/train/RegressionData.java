package org.ftlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A regression sample {@code (X_i, Y_i)}, {@code i = 1..N}, with {@code X_i ∈ R^{T×d0}} and
 * {@code Y_i = f(X_i) + w_i} (eq. 1 of paper 1); the noiseless {@code f(X_i)} is kept too.
 */
public final class RegressionData {

    private final double[] inputs; // row-major [N, T, d0]
    private final int seqLength;
    private final int inputDim;
    private final double[] targets;
    private final double[] clean;

    RegressionData(double[] inputs, int seqLength, int inputDim, double[] targets, double[] clean) {
        this.inputs = inputs;
        this.seqLength = seqLength;
        this.inputDim = inputDim;
        this.targets = targets;
        this.clean = clean;
    }

    /** @return {@code N} */
    public int size() {
        return targets.length;
    }

    /** @return {@code T} */
    public int seqLength() {
        return seqLength;
    }

    /** @return {@code d0} */
    public int inputDim() {
        return inputDim;
    }

    /** @return noisy targets {@code Y_i} (copy) */
    public double[] targets() {
        return targets.clone();
    }

    /** @return noiseless {@code f(X_i)} (copy) */
    public double[] cleanTargets() {
        return clean.clone();
    }

    /** @return the inputs as a Java array {@code [N][T][d0]} */
    public double[][][] inputs() {
        double[][][] x = new double[size()][seqLength][inputDim];
        int k = 0;
        for (double[][] a : x) {
            for (double[] b : a) {
                for (int j = 0; j < inputDim; j++) {
                    b[j] = inputs[k++];
                }
            }
        }
        return x;
    }

    /**
     * @param manager where the array lives
     * @param type FLOAT32 or FLOAT64
     * @return the inputs as an array {@code [N, T, d0]}
     */
    public NDArray inputArray(NDManager manager, DataType type) {
        NDArray a = manager.create(inputs, new Shape(size(), seqLength, inputDim));
        return type == DataType.FLOAT64 ? a : a.toType(type, false);
    }

    /** @return the sample variance of {@code f(X_i)} (signal variance) */
    public double signalVariance() {
        double m = 0;
        for (double v : clean) {
            m += v / clean.length;
        }
        double s = 0;
        for (double v : clean) {
            s += (v - m) * (v - m);
        }
        return s / clean.length;
    }

    /**
     * Rows {@code from..to-1}, e.g. to split a training and a hold-out set.
     *
     * @param from first row
     * @param to end row (exclusive)
     * @return the subset
     */
    public RegressionData subset(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException(
                    "from/to: [" + from + ", " + to + ") is not a non-empty range in [0, " + size()
                            + ")");
        }
        int row = seqLength * inputDim;
        double[] x = new double[(to - from) * row];
        System.arraycopy(inputs, from * row, x, 0, x.length);
        double[] y = new double[to - from];
        double[] c = new double[to - from];
        System.arraycopy(targets, from, y, 0, y.length);
        System.arraycopy(clean, from, c, 0, c.length);
        return new RegressionData(x, seqLength, inputDim, y, c);
    }
}
