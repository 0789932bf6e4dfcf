package org.ftlab.theory;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;
import org.ftlab.model.ParameterSnapshot;
import org.ftlab.taskvector.TaskVector;

import java.util.ArrayList;
import java.util.List;

/**
 * The first-order Taylor model of Lemma 1 / eq. (14) of paper 1: {@code f_lin(θ, x) = f(θ_PT, x) +
 * ∇_θ f(θ_PT, x)^T (θ − θ_PT)}, and its error {@code f(θ_FT, x) − f_lin(θ_FT, x)} at the
 * fine-tuned parameters. {@code J Δθ} is computed exactly, one forward and backward pass per input
 * (per-sample gradient dotted with {@code Δθ}).
 */
public final class Linearisation {

    private Linearisation() {}

    /**
     * Error of the linearisation, summarised over a set of (held-out) inputs.
     *
     * @param rmsError {@code sqrt(mean_i (f_FT(x_i) − f_PT(x_i) − [J Δθ]_i)²)}
     * @param rmsChange {@code sqrt(mean_i (f_FT(x_i) − f_PT(x_i))²)}, the size of the change
     * @param deltaNorm {@code ||Δθ||_2}
     */
    public record Error(double rmsError, double rmsChange, double deltaNorm) {
        /** @return {@code rmsError / rmsChange} */
        public double relative() {
            return rmsError / rmsChange;
        }
    }

    /**
     * {@code [J(θ) Δθ]_i = <∇_θ f(θ, x_i), Δθ>} at the model's current parameters {@code θ}.
     * Parameters absent from {@code delta} count as unchanged.
     *
     * @param model the network
     * @param x inputs {@code [N, ...]}
     * @param delta {@code Δθ}
     * @return {@code J Δθ}, length {@code N}
     */
    public static double[] jacobianTimes(DifferentiableModel model, NDArray x, TaskVector delta) {
        List<NamedParameter> params = new ArrayList<>();
        for (NamedParameter p : model.parameters()) {
            if (delta.names().contains(p.name())) {
                params.add(p);
            }
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException("delta: shares no parameter name with the model");
        }
        int n = Math.toIntExact(x.getShape().get(0));
        double[] out = new double[n];
        return Autograd.withIntraOpThreads(1, () -> {
            try (NDManager work = NDManager.newBaseManager()) {
                List<NDArray> d = new ArrayList<>();
                for (NamedParameter p : params) {
                    NDArray a = work.create(delta.values(p.name()), p.array().getShape());
                    d.add(a.toType(p.array().getDataType(), false));
                }
                for (int i = 0; i < n; i++) {
                    try (NDManager sub = work.newSubManager()) {
                        NDArray xi = x.get(new NDIndex("{}:{}", i, i + 1));
                        xi.attach(sub);
                        Autograd.zeroGradients(params);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            gc.backward(model.forward(xi).sum());
                        }
                        double s = 0;
                        for (int j = 0; j < params.size(); j++) {
                            NDArray g = params.get(j).array().getGradient();
                            g.attach(sub);
                            s += g.mul(d.get(j)).sum().toType(DataType.FLOAT64, false)
                                    .getDouble();
                        }
                        out[i] = s;
                    }
                }
            }
            return out;
        });
    }

    /**
     * {@code f(θ, x_i)} at the current parameters, without recording a graph.
     *
     * @param model the network
     * @param x inputs {@code [N, ...]}
     * @return outputs, length {@code N}
     */
    public static double[] outputs(DifferentiableModel model, NDArray x) {
        return Autograd.noGrad(() -> {
            try (NDManager sub = NDManager.newBaseManager()) {
                NDArray xs = x.get(new NDIndex(":"));
                xs.attach(sub);
                return model.forward(xs).toType(DataType.FLOAT64, false).toDoubleArray();
            }
        });
    }

    /**
     * The linearisation error of Lemma 1 at {@code θ_FT}, with {@code J} taken at {@code θ_PT}.
     * Leaves the model at {@code θ_FT}.
     *
     * @param model the network (its parameters are overwritten)
     * @param x held-out inputs {@code [N, ...]}
     * @param pretrained {@code θ_PT}
     * @param fineTuned {@code θ_FT}
     * @return the error summary
     */
    public static Error error(
            DifferentiableModel model, NDArray x, ParameterSnapshot pretrained,
            ParameterSnapshot fineTuned) {
        TaskVector delta = TaskVector.between(pretrained, fineTuned);
        pretrained.restore(model);
        double[] fPt = outputs(model, x);
        double[] jd = jacobianTimes(model, x, delta);
        fineTuned.restore(model);
        double[] fFt = outputs(model, x);
        double se = 0;
        double sc = 0;
        for (int i = 0; i < fPt.length; i++) {
            double change = fFt[i] - fPt[i];
            double e = change - jd[i];
            se += e * e;
            sc += change * change;
        }
        int n = fPt.length;
        return new Error(Math.sqrt(se / n), Math.sqrt(sc / n), delta.norm());
    }
}
