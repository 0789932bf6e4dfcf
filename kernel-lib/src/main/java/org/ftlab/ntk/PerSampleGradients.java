package org.ftlab.ntk;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;

import java.util.List;

/**
 * Rows of the Jacobian {@code J(θ)} of eq. (7): {@code ∇_θ f(θ, x_i)} restricted to a parameter
 * subset, one forward and one backward pass per sample. Gradients are cleared before every
 * backward pass (DJL's collector accumulates them).
 */
final class PerSampleGradients {

    private final DifferentiableModel model;
    private final NDArray inputs;
    private final List<NamedParameter> selected;
    private final long parameterCount;
    private final DataType dataType;
    private final Runnable onEvaluation;
    private long evaluations;

    PerSampleGradients(
            DifferentiableModel model,
            NDArray inputs,
            List<NamedParameter> selected,
            Runnable onEvaluation) {
        this.model = model;
        this.inputs = inputs;
        this.selected = selected;
        this.onEvaluation = onEvaluation;
        long p = 0;
        for (NamedParameter np : selected) {
            p += np.size();
        }
        this.parameterCount = p;
        this.dataType = selected.get(0).array().getDataType();
    }

    long parameterCount() {
        return parameterCount;
    }

    DataType dataType() {
        return dataType;
    }

    long evaluations() {
        return evaluations;
    }

    /**
     * Writes {@code ∇_θ f(θ, x_i)} for {@code i = from..to-1} into rows {@code 0..to-from-1} of
     * {@code buffer} ({@code [rows >= to-from, P]}).
     */
    void fill(NDArray buffer, int from, int to) {
        NDManager work = buffer.getManager();
        for (int i = from; i < to; i++) {
            try (NDManager sub = work.newSubManager()) {
                NDArray xi = inputs.get(new NDIndex("{}:{}", i, i + 1));
                xi.attach(sub);
                Autograd.zeroGradients(selected);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray f = model.forward(xi);
                    gc.backward(f.sum());
                }
                NDList parts = new NDList(selected.size());
                for (NamedParameter p : selected) {
                    NDArray g = p.array().getGradient();
                    g.attach(sub);
                    if (g.getDataType() != dataType) {
                        g = g.toType(dataType, false);
                    }
                    parts.add(g.reshape(-1));
                }
                NDArray row = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
                buffer.set(new NDIndex(i - from), row);
            }
            evaluations++;
            onEvaluation.run();
        }
    }
}
