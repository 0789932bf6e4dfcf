package org.ftlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

import java.util.Random;

class AttentionJacobiansTest {

    private static NDArray gaussian(NDManager m, Random r, DataType type, double scale, long... s) {
        Shape shape = new Shape(s);
        double[] v = new double[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return ArrayFactory.create(m, v, shape, type);
    }

    private static double relError(NDArray a, NDArray b) {
        double[] x = a.toType(DataType.FLOAT64, true).toDoubleArray();
        double[] y = b.toType(DataType.FLOAT64, true).toDoubleArray();
        assertEquals(x.length, y.length, "sizes");
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - y[i]) * (x[i] - y[i]);
            den += y[i] * y[i];
        }
        return Math.sqrt(num / den);
    }

    /** Closed form of eq. (8)-(9) vs autograd through the very forward the network uses. */
    private static void compareWithAutograd(DataType type, double tol) {
        int t = 5, din = 4, dg = 3, d = 6, h = 3;
        Random r = new Random(42);
        try (NDManager m = NDManager.newBaseManager()) {
            // Scale 2 on the weights makes the softmax clearly non-uniform, so Λ_h matters.
            NDArray g = gaussian(m, r, type, 1.0, t, din);
            NDArray wq = gaussian(m, r, type, 2.0, h, din, dg);
            NDArray wk = gaussian(m, r, type, 2.0, h, din, dg);
            NDArray wv = gaussian(m, r, type, 1.0, h, din, d);
            NDArray wo = gaussian(m, r, type, 1.0, h * d, d);
            NDArray c = gaussian(m, r, type, 1.0, t, d);
            double cs = 1.0 / dg;
            AttentionJacobians jac = AttentionJacobians.compute(g, wq, wk, wv, wo, cs, c);

            NDArray[] ws = {wq, wk, wv, wo};
            for (NDArray w : ws) {
                w.setRequiresGradient(true);
            }
            NDArray out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = Attention.forward(g.expandDims(0), wq, wk, wv, wo, cs, 1.0).squeeze(0);
                gc.backward(out.mul(c).sum()); // f = <C, f^l>
            }
            String tag = type + ", tol " + tol;
            assertTrue(relError(jac.layerOutput(), out) < tol, "f^l (eq. 4), " + tag);
            assertTrue(relError(jac.wrtQuery(), wq.getGradient()) < tol, "J(W^Q), " + tag);
            assertTrue(relError(jac.wrtKey(), wk.getGradient()) < tol, "J(W^K), " + tag);
            assertTrue(relError(jac.wrtValue(), wv.getGradient()) < tol, "J(W^V), " + tag);
            assertTrue(relError(jac.wrtOutput(), wo.getGradient()) < tol, "J(W^O), " + tag);

            // Λ_{h,i} of eq. (8) annihilates the all-ones vector (softmax is shift invariant)
            NDArray rowSums = jac.softmaxJacobian().sum(new int[] {3});
            double maxAbs = rowSums.abs().max().toType(DataType.FLOAT64, true).getDouble();
            assertTrue(maxAbs < tol, "Λ_h 1 = 0, max |.| = " + maxAbs + ", " + tag);
        }
    }

    @Test
    void closedFormMatchesAutogradFloat64() {
        compareWithAutograd(DataType.FLOAT64, 1e-12);
    }

    @Test
    void closedFormMatchesAutogradFloat32() {
        compareWithAutograd(DataType.FLOAT32, 1e-5);
    }

    /**
     * For a one-layer network with identity φ, f^{L+1} = <(1/T) 1 w^T, f^1>, so eq. (9) with
     * C = (1/T) 1 w^T must give the network's own parameter gradients.
     */
    @Test
    void closedFormGivesNetworkGradientsForOneLayerNetwork() {
        try (AttentionNetwork net = AttentionNetwork.builder().setWidth(8).setHeads(2)
                .setLayers(1).setSeqLength(4).setInputDim(3).optHeadDim(5)
                .optActivation(AttentionNetwork.Activation.IDENTITY).optSigmaQ(3).optSigmaK(3)
                .optDataType(DataType.FLOAT64).optSeed(7).build();
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = AttentionNetworkTest.toArray(m,
                    AttentionNetworkTest.randomInputs(1, 4, 3, 1), DataType.FLOAT64);
            Autograd.zeroGradients(net.parameters());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(x).sum());
            }
            NDArray w = net.parameters().get(4).array(); // head.w
            NDArray c = m.ones(new Shape(4, 1), DataType.FLOAT64).mul(1.0 / 4).matMul(w.expandDims(0));
            AttentionJacobians jac = AttentionJacobians.compute(x.squeeze(0),
                    net.parameters().get(0).array(), net.parameters().get(1).array(),
                    net.parameters().get(2).array(), net.parameters().get(3).array(), 1.0 / 5, c);
            NDArray[] closed = {jac.wrtQuery(), jac.wrtKey(), jac.wrtValue(), jac.wrtOutput()};
            for (int i = 0; i < 4; i++) {
                NamedParameter p = net.parameters().get(i);
                double e = relError(closed[i], p.array().getGradient());
                assertTrue(e < 1e-12, p.name() + ": eq. (9) vs network autograd, rel err " + e
                        + " < 1e-12");
            }
        }
    }
}
