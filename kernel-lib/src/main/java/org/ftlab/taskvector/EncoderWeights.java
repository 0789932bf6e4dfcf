package org.ftlab.taskvector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.ftlab.model.Autograd;
import org.ftlab.pretrained.BertEncoder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Task vectors of a {@link BertEncoder} on the tensors that fine-tuning changes: a float copy of
 * {@code θ_PT}, {@code τ = θ_FT − θ_PT} (eq. 22 of paper 1) computed in double (the difference of
 * two floats, so {@code float(θ_PT + τ) = θ_FT} exactly), and {@code θ_PT + Σ_t c_t τ_t} written
 * back into the live encoder (eq. 25 with {@code c_t = λ}; negation with {@code c = −λ}).
 */
final class EncoderWeights {

    private EncoderWeights() {}

    /** Float copies of the encoder tensors whose names pass {@code which}, in checkpoint order. */
    static Map<String, float[]> copy(BertEncoder enc, Predicate<String> which) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
            if (which.test(e.getKey())) {
                out.put(e.getKey(), e.getValue().toFloatArray());
            }
        }
        return out;
    }

    /** {@code τ = θ_FT − θ_PT} over the tensors of {@code pt}, {@code θ_FT} read from the live encoder. */
    static TaskVector taskVector(Map<String, float[]> pt, BertEncoder enc) {
        Map<String, double[]> v = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : pt.entrySet()) {
            float[] ft = live(enc, e.getKey()).toFloatArray();
            float[] a = e.getValue();
            double[] d = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                d[i] = (double) ft[i] - (double) a[i];
            }
            v.put(e.getKey(), d);
        }
        return TaskVector.wrap(v);
    }

    /** Writes {@code θ_PT} back (the tensors of {@code pt} only). */
    static void restore(BertEncoder enc, Map<String, float[]> pt) {
        combine(enc, pt, new TaskVector[0], new double[0]);
    }

    /**
     * Sets each tensor of {@code pt} to {@code float(θ_PT + Σ_t c_t τ_t)} (sum in double).
     *
     * @param taus task vectors over (a subset of) the tensors of {@code pt}
     * @param coeffs one coefficient per task vector
     */
    static void combine(BertEncoder enc, Map<String, float[]> pt, TaskVector[] taus, double[] coeffs) {
        if (taus.length != coeffs.length) {
            throw new IllegalArgumentException("coeffs: " + coeffs.length + " for " + taus.length
                    + " task vectors");
        }
        for (Map.Entry<String, float[]> e : pt.entrySet()) {
            float[] base = e.getValue();
            float[] w = new float[base.length];
            double[][] cols = new double[taus.length][];
            for (int t = 0; t < taus.length; t++) {
                cols[t] = taus[t].raw(e.getKey());
                if (cols[t] != null && cols[t].length != base.length) {
                    throw new IllegalArgumentException("taus: tensor " + e.getKey() + " has "
                            + cols[t].length + " entries, expected " + base.length);
                }
            }
            for (int i = 0; i < base.length; i++) {
                double s = base[i];
                for (int t = 0; t < taus.length; t++) {
                    if (cols[t] != null && coeffs[t] != 0) {
                        s += coeffs[t] * cols[t][i];
                    }
                }
                w[i] = (float) s;
            }
            NDArray target = live(enc, e.getKey());
            try (NDManager tmp = target.getManager().newSubManager()) {
                Autograd.assign(target, tmp.create(w, target.getShape()));
            }
        }
    }

    private static NDArray live(BertEncoder enc, String name) {
        NDArray a = enc.parameters().get(name);
        if (a == null) {
            throw new IllegalArgumentException("name: encoder " + enc.name() + " has no tensor " + name);
        }
        return a;
    }
}
