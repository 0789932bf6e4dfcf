package org.ftlab.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;
import org.ftlab.model.ParameterSnapshot;
import org.ftlab.taskvector.TaskVector;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

class LinearisationTest {

    /** f(x) = <vec(x), w>: linear in θ = w, so the Taylor model of eq. (14) is exact. */
    static final class LinearModel implements DifferentiableModel {
        final NDArray w;

        LinearModel(NDManager m, int dim) {
            double[] v = new double[dim];
            Random r = new Random(3);
            for (int i = 0; i < dim; i++) {
                v[i] = r.nextGaussian();
            }
            w = m.create(v);
            w.setRequiresGradient(true);
        }

        @Override
        public NDArray forward(NDArray x) {
            long n = x.getShape().get(0);
            return x.reshape(n, -1).matMul(w);
        }

        @Override
        public List<NamedParameter> parameters() {
            return List.of(new NamedParameter("w", w));
        }
    }

    private static NDArray randomInputs(NDManager m, int n, int t, int d, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n * t * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return m.create(v, new Shape(n, t, d));
    }

    @Test
    void linearModelHasZeroLinearisationError() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearModel model = new LinearModel(m, 12);
            NDArray x = randomInputs(m, 7, 3, 4, 1);
            ParameterSnapshot pt = ParameterSnapshot.of(model);
            Autograd.assign(model.w, model.w.add(m.randomNormal(new Shape(12), DataType.FLOAT64)));
            ParameterSnapshot ft = ParameterSnapshot.of(model);
            Linearisation.Error e = Linearisation.error(model, x, pt, ft);
            assertTrue(e.rmsChange() > 0.1, "the parameters moved: rms change " + e.rmsChange());
            assertEquals(0.0, e.rmsError(), 1e-12,
                    "f linear in θ: f_FT − f_PT − JΔθ = 0 (tolerance 1e-12)");
        }
    }

    @Test
    void jacobianTimesMatchesCentralDifferences() {
        try (NDManager m = NDManager.newBaseManager();
                AttentionNetwork net = AttentionNetwork.builder().setWidth(6).setHeads(2)
                        .setLayers(2).setSeqLength(3).setInputDim(4)
                        .optDataType(DataType.FLOAT64).optSeed(4).build()) {
            NDArray x = randomInputs(m, 5, 3, 4, 2);
            ParameterSnapshot base = ParameterSnapshot.of(net);
            Random r = new Random(9);
            Map<String, double[]> d = new java.util.LinkedHashMap<>();
            for (String name : base.names()) {
                double[] v = new double[base.values(name).length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextGaussian();
                }
                d.put(name, v);
            }
            TaskVector delta = TaskVector.of(d);
            double[] jd = Linearisation.jacobianTimes(net, x, delta);
            double h = 1e-5;
            delta.scale(h).applyTo(net, base);
            double[] plus = Linearisation.outputs(net, x);
            delta.scale(-h).applyTo(net, base);
            double[] minus = Linearisation.outputs(net, x);
            for (int i = 0; i < jd.length; i++) {
                double fd = (plus[i] - minus[i]) / (2 * h);
                assertEquals(fd, jd[i], 1e-6 * Math.max(1, Math.abs(fd)),
                        "J Δθ vs central difference, sample " + i + " (relative tolerance 1e-6)");
            }
        }
    }
}
