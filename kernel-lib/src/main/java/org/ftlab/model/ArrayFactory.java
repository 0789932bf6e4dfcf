package org.ftlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Creating arrays of a given floating data type from Java doubles. */
final class ArrayFactory {

    private ArrayFactory() {}

    static NDArray create(NDManager manager, double[] values, Shape shape, DataType type) {
        if (type == DataType.FLOAT64) {
            return manager.create(values, shape);
        }
        if (type == DataType.FLOAT32) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return manager.create(f, shape);
        }
        throw new IllegalArgumentException("type: " + type + ", accepted FLOAT32 or FLOAT64");
    }

    /** Copies an array's values to Java doubles without allocating native memory. */
    static double[] toDoubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        if (a.getDataType() == DataType.FLOAT32) {
            float[] f = a.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        throw new IllegalArgumentException(
                "array: data type " + a.getDataType() + ", accepted FLOAT32 or FLOAT64");
    }
}
