package org.ftlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.ftlab.model.NamedParameter;

import java.util.List;
import java.util.Random;

/**
 * A linear head on the pooled encoder output, {@code out = pool · W + b} with {@code W ∈ R^{d×C}}:
 * {@code C = 1} (a scalar score, the head of {@link org.ftlab.pretrained.ScalarHeadModel}) for
 * regression, {@code C} logits for classification. {@code W} is drawn from {@code N(0, 1/d)} with
 * {@code java.util.Random(seed)} (row-major), {@code b = 0}; named {@code head.weight},
 * {@code head.bias}. Arrays live in a sub-manager freed by {@link #close()}.
 */
final class Head implements AutoCloseable {
    static final String WEIGHT = "head.weight";
    static final String BIAS = "head.bias";

    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;
    private final int outputs;

    Head(int d, int outputs, long seed, NDManager parent) {
        if (d < 1 || outputs < 1) {
            throw new IllegalArgumentException("head: d and outputs must be >= 1, got " + d + ", " + outputs);
        }
        this.outputs = outputs;
        this.manager = parent.newSubManager();
        Random r = new Random(seed);
        float[] w = new float[d * outputs];
        double sd = 1.0 / Math.sqrt(d);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * sd);
        }
        weight = manager.create(w, new Shape(d, outputs));
        weight.setName(WEIGHT);
        weight.setRequiresGradient(true);
        bias = manager.zeros(new Shape(outputs));
        bias.setName(BIAS);
        bias.setRequiresGradient(true);
    }

    /**
     * Sets every output's bias (no gradient is recorded); used to start a regression head at the
     * mean training target, so the optimiser does not spend its first steps moving the intercept.
     */
    void setBias(double value) {
        try (NDManager tmp = manager.newSubManager()) {
            float[] v = new float[outputs];
            java.util.Arrays.fill(v, (float) value);
            org.ftlab.model.Autograd.assign(bias, tmp.create(v));
        }
    }

    /** @return {@code [B, C]} */
    NDArray forward(NDArray pooled) {
        return pooled.matMul(weight).add(bias);
    }

    int outputs() {
        return outputs;
    }

    NDArray weight() {
        return weight;
    }

    NDArray bias() {
        return bias;
    }

    List<NamedParameter> parameters() {
        return List.of(new NamedParameter(WEIGHT, weight), new NamedParameter(BIAS, bias));
    }

    /**
     * Mean loss of a batch: {@code (1/B) Σ (out_i - y_i)^2} for regression ({@code C = 1}), mean
     * cross-entropy {@code -(1/B) Σ log softmax(out_i)[y_i]} for classification.
     */
    static NDArray loss(NDArray out, double[] targets, boolean regression) {
        NDManager m = out.getManager();
        if (regression) {
            float[] y = new float[targets.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) targets[i];
            }
            return out.reshape(-1).sub(m.create(y)).square().mean();
        }
        int c = (int) out.getShape().get(1);
        float[] oneHot = new float[targets.length * c];
        for (int i = 0; i < targets.length; i++) {
            oneHot[i * c + (int) targets[i]] = 1f;
        }
        NDArray logp = out.logSoftmax(1);
        return org.ftlab.model.Autograd.div(
                logp.mul(m.create(oneHot, new Shape(targets.length, c))).sum().neg(), targets.length);
    }

    @Override
    public void close() {
        manager.close();
    }
}
