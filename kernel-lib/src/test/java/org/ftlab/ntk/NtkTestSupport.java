package org.ftlab.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.ejml.simple.SimpleMatrix;
import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;

import java.util.List;
import java.util.Random;

/** Shared fixtures: tiny networks, inputs, finite-difference Jacobians, matrix norms. */
final class NtkTestSupport {

    private NtkTestSupport() {}

    static NDArray inputs(NDManager m, int n, int t, int d0, long seed, DataType type) {
        Random r = new Random(seed);
        double[] v = new double[n * t * d0];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return m.create(v, new Shape(n, t, d0)).toType(type, false);
    }

    /** Tiny transformer with every option on: 516 parameters. */
    static AttentionNetwork tinyTransformer(DataType type, AttentionNetwork.Parameterization par) {
        return AttentionNetwork.builder().setWidth(4).setHeads(2).setLayers(2).setSeqLength(3)
                .setInputDim(4).optHeadDim(3).optResidual(true).optLayerNorm(true).optMlp(true)
                .optParameterization(par).optSigmaQ(2).optSigmaK(2).optDataType(type).optSeed(3)
                .build();
    }

    /** The paper's plain attention network: 186 parameters. */
    static AttentionNetwork tinyAttention(DataType type) {
        return AttentionNetwork.builder().setWidth(6).setHeads(2).setLayers(1).setSeqLength(4)
                .setInputDim(3).optHeadDim(6).optSigmaQ(2).optSigmaK(2).optDataType(type)
                .optSeed(5).build();
    }

    /** Central-difference Jacobian, rows = samples, columns = parameters in model order. */
    static double[][] finiteDifferenceJacobian(DifferentiableModel model, NDArray x, double h) {
        return Autograd.withIntraOpThreads(1, () -> fdJacobian(model, x, h));
    }

    private static double[][] fdJacobian(DifferentiableModel model, NDArray x, double h) {
        int n = (int) x.getShape().get(0);
        List<NamedParameter> params = model.parameters();
        int p = 0;
        for (NamedParameter np : params) {
            p += (int) np.size();
        }
        double[][] j = new double[n][p];
        int col = 0;
        for (NamedParameter np : params) {
            NDArray a = np.array();
            double[] base = a.toType(DataType.FLOAT64, true).toDoubleArray();
            try (NDManager m = NDManager.newBaseManager()) {
                for (int k = 0; k < base.length; k++, col++) {
                    double[] fp = evalWith(model, x, a, base, k, h, m);
                    double[] fm = evalWith(model, x, a, base, k, -h, m);
                    for (int i = 0; i < n; i++) {
                        j[i][col] = (fp[i] - fm[i]) / (2 * h);
                    }
                }
                Autograd.assign(a, m.create(base, a.getShape()));
            }
        }
        return j;
    }

    private static double[] evalWith(DifferentiableModel model, NDArray x, NDArray a,
            double[] base, int k, double h, NDManager m) {
        double[] v = base.clone();
        v[k] += h;
        try (NDManager sub = m.newSubManager()) {
            Autograd.assign(a, sub.create(v, a.getShape()));
            NDArray xs = x.duplicate();
            xs.attach(sub);
            return Autograd.noGrad(() -> model.forward(xs).toType(DataType.FLOAT64, false)
                    .toDoubleArray());
        }
    }

    static double[][] gram(double[][] j, double scale) {
        SimpleMatrix m = new SimpleMatrix(j);
        SimpleMatrix k = m.mult(m.transpose()).scale(scale);
        double[][] out = new double[k.getNumRows()][k.getNumCols()];
        for (int r = 0; r < out.length; r++) {
            for (int c = 0; c < out.length; c++) {
                out[r][c] = k.get(r, c);
            }
        }
        return out;
    }

    static double frobenius(double[][] a) {
        double s = 0;
        for (double[] r : a) {
            for (double v : r) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    static double frobeniusDistance(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = a[i][j] - b[i][j];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    static double relDistance(double[][] a, double[][] b) {
        return frobeniusDistance(a, b) / frobenius(b);
    }
}
