package org.ftlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable copy of a model's parameter values {@code θ}, held as Java doubles (name → values in
 * row-major order). Differences of snapshots are task vectors {@code τ = θ_FT − θ_PT} (eq. 22 of
 * paper 1); {@link #restore} writes values back, e.g. to return to the early-stopped iterate.
 */
public final class ParameterSnapshot {

    private final Map<String, double[]> values;

    private ParameterSnapshot(Map<String, double[]> values) {
        this.values = values;
    }

    /**
     * Copies the current values of every parameter of {@code model}.
     *
     * @param model the model
     * @return the snapshot
     */
    public static ParameterSnapshot of(DifferentiableModel model) {
        Map<String, double[]> v = new LinkedHashMap<>();
        for (NamedParameter p : model.parameters()) {
            v.put(p.name(), ArrayFactory.toDoubles(p.array()));
        }
        return new ParameterSnapshot(v);
    }

    /**
     * Writes these values into the parameters of {@code model} with the same names (in place, no
     * autograd record). Every parameter of the model must be in the snapshot.
     *
     * @param model the model to overwrite
     */
    public void restore(DifferentiableModel model) {
        List<NamedParameter> params = model.parameters();
        for (NamedParameter p : params) {
            double[] v = values.get(p.name());
            if (v == null || v.length != p.size()) {
                throw new IllegalArgumentException(
                        "model: parameter " + p.name() + " missing from snapshot or wrong size");
            }
        }
        for (NamedParameter p : params) {
            NDArray target = p.array();
            try (NDManager tmp = target.getManager().newSubManager()) {
                NDArray src =
                        ArrayFactory.create(tmp, values.get(p.name()), target.getShape(),
                                target.getDataType());
                Autograd.assign(target, src);
            }
        }
    }

    /** @return parameter names, in model order */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /**
     * @param name parameter name
     * @return a copy of its values
     */
    public double[] values(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("name: no parameter " + name + " in snapshot");
        }
        return v.clone();
    }

    /**
     * {@code ||θ − θ'||_2} over the parameters both snapshots share by name.
     *
     * @param other another snapshot of the same architecture
     * @return Euclidean distance
     */
    public double distance(ParameterSnapshot other) {
        double s = 0;
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] b = other.values.get(e.getKey());
            if (b == null) {
                continue;
            }
            double[] a = e.getValue();
            if (a.length != b.length) {
                throw new IllegalArgumentException(
                        "other: parameter " + e.getKey() + " has a different size");
            }
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - b[i];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /** @return total number of scalars */
    public long size() {
        long n = 0;
        for (double[] v : values.values()) {
            n += v.length;
        }
        return n;
    }
}
