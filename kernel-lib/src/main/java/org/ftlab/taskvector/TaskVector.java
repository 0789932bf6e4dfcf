package org.ftlab.taskvector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;
import org.ftlab.model.ParameterSnapshot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A task vector {@code τ = θ_FT − θ_PT} (eq. 22 of paper 1, Sun &amp; Raskutti; Ilharco et al.
 * 2023): the parameter change produced by fine-tuning, held as Java doubles per named parameter.
 * Also used for any parameter difference {@code Δθ}, e.g. in the linearisation of Lemma 1.
 *
 * <p>Arithmetic (§5.2): {@link #plus}, {@link #scale}, {@link #negate}; a model is moved to
 * {@code θ_PT + τ} with {@link #applyTo}. Negation: eq. (23) as printed, {@code θ_neg = θ_FT −
 * τ}, equals {@code θ_PT} (since {@code τ = θ_FT − θ_PT}); the operation meant (and the one of
 * Ilharco et al.) is {@code θ_neg = θ_PT − λ τ}, i.e. {@code applyTo(model, θ_PT)} of {@code
 * τ.scale(−λ)}.
 */
public final class TaskVector {

    private final Map<String, double[]> values;

    private TaskVector(Map<String, double[]> values) {
        this.values = values;
    }

    /**
     * {@code τ = θ_FT − θ_PT} over the parameters of {@code pretrained} (eq. 22).
     *
     * @param pretrained {@code θ_PT}
     * @param fineTuned {@code θ_FT}, same names and sizes
     * @return the task vector
     */
    public static TaskVector between(ParameterSnapshot pretrained, ParameterSnapshot fineTuned) {
        Map<String, double[]> v = new LinkedHashMap<>();
        for (String name : pretrained.names()) {
            if (!fineTuned.names().contains(name)) {
                throw new IllegalArgumentException("fineTuned: parameter " + name + " missing");
            }
            double[] a = pretrained.values(name);
            double[] b = fineTuned.values(name);
            if (a.length != b.length) {
                throw new IllegalArgumentException(
                        "fineTuned: parameter " + name + " has " + b.length + " values, expected "
                                + a.length);
            }
            for (int i = 0; i < a.length; i++) {
                b[i] -= a[i];
            }
            v.put(name, b);
        }
        return new TaskVector(v);
    }

    /**
     * A task vector from explicit values (copied).
     *
     * @param values name → values in row-major order
     * @return the task vector
     */
    public static TaskVector of(Map<String, double[]> values) {
        Map<String, double[]> v = new LinkedHashMap<>();
        values.forEach((k, a) -> v.put(k, a.clone()));
        return new TaskVector(v);
    }

    /** Wraps {@code values} without copying (the caller gives up the arrays). */
    static TaskVector wrap(Map<String, double[]> values) {
        return new TaskVector(values);
    }

    /** The live entries of one parameter (no copy), or null if absent. */
    double[] raw(String name) {
        return values.get(name);
    }

    /** @return parameter names, in model order */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /**
     * @param name parameter name
     * @return a copy of its entries
     */
    public double[] values(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("name: no parameter " + name + " in task vector");
        }
        return v.clone();
    }

    /** @return {@code ||τ||_2} */
    public double norm() {
        return Math.sqrt(dot(this));
    }

    /**
     * {@code <τ, τ'>} over all parameters (both must have the same names and sizes).
     *
     * @param other another task vector
     * @return the inner product
     */
    public double dot(TaskVector other) {
        double s = 0;
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] a = e.getValue();
            double[] b = other.matching(e.getKey(), a.length);
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
        }
        return s;
    }

    /**
     * Cosine similarity {@code <τ, τ'> / (||τ|| ||τ'||)} (Ilharco et al.; §5.2).
     *
     * @param other another task vector
     * @return the cosine, in [-1, 1]; NaN if either vector is zero
     */
    public double cosine(TaskVector other) {
        double c = dot(other) / (norm() * other.norm());
        return Double.isNaN(c) ? c : Math.max(-1, Math.min(1, c));
    }

    /**
     * @param other another task vector
     * @return {@code τ + τ'} (eq. 25 adds task vectors)
     */
    public TaskVector plus(TaskVector other) {
        Map<String, double[]> v = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] a = e.getValue().clone();
            double[] b = other.matching(e.getKey(), a.length);
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            v.put(e.getKey(), a);
        }
        return new TaskVector(v);
    }

    /**
     * @param lambda scaling coefficient {@code λ}
     * @return {@code λ τ}
     */
    public TaskVector scale(double lambda) {
        Map<String, double[]> v = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] a = e.getValue().clone();
            for (int i = 0; i < a.length; i++) {
                a[i] *= lambda;
            }
            v.put(e.getKey(), a);
        }
        return new TaskVector(v);
    }

    /** @return {@code −τ} (so {@code applyTo(model, θ_PT)} gives Ilharco's negation) */
    public TaskVector negate() {
        return scale(-1);
    }

    /**
     * Sets the parameters of {@code model} to {@code base + τ} (in place, no autograd record).
     * Every parameter of the model must be in {@code base}; parameters absent from {@code τ}
     * are set to their {@code base} values.
     *
     * @param model the model to overwrite
     * @param base {@code θ_PT}
     */
    public void applyTo(DifferentiableModel model, ParameterSnapshot base) {
        base.restore(model);
        for (NamedParameter p : model.parameters()) {
            double[] t = values.get(p.name());
            if (t == null) {
                continue;
            }
            if (t.length != p.size()) {
                throw new IllegalArgumentException(
                        "model: parameter " + p.name() + " has " + p.size()
                                + " values, task vector " + t.length);
            }
            double[] w = base.values(p.name());
            for (int i = 0; i < w.length; i++) {
                w[i] += t[i];
            }
            NDArray target = p.array();
            try (NDManager tmp = target.getManager().newSubManager()) {
                Autograd.assign(target, tmp.create(w, target.getShape()));
            }
        }
    }

    private double[] matching(String name, int length) {
        double[] b = values.get(name);
        if (b == null || b.length != length) {
            throw new IllegalArgumentException(
                    "other: parameter " + name + " missing or of a different size");
        }
        return b;
    }

    @Override
    public String toString() {
        return String.format("TaskVector{tensors=%d, norm=%.4g}", values.size(), norm());
    }
}
