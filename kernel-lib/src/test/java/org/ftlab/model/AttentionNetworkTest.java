package org.ftlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

import org.junit.jupiter.api.Test;

import java.util.Random;

class AttentionNetworkTest {

    static double[][][] randomInputs(int n, int t, int d0, long seed) {
        Random r = new Random(seed);
        double[][][] x = new double[n][t][d0];
        for (double[][] a : x) {
            for (double[] b : a) {
                for (int k = 0; k < d0; k++) {
                    b[k] = r.nextGaussian();
                }
            }
        }
        return x;
    }

    static NDArray toArray(NDManager m, double[][][] x, DataType type) {
        int n = x.length;
        int t = x[0].length;
        int d0 = x[0][0].length;
        double[] flat = new double[n * t * d0];
        int i = 0;
        for (double[][] a : x) {
            for (double[] b : a) {
                for (double v : b) {
                    flat[i++] = v;
                }
            }
        }
        return ArrayFactory.create(m, flat, new Shape(n, t, d0), type);
    }

    private static AttentionNetwork.Builder tiny() {
        return AttentionNetwork.builder().setWidth(6).setHeads(2).setLayers(2).setSeqLength(4)
                .setInputDim(3).optHeadDim(5).optDataType(DataType.FLOAT64).optSeed(11);
    }

    private static void checkAgainstReference(AttentionNetwork net, String what) {
        double[][][] x = randomInputs(5, net.seqLength(), net.inputDim(), 3);
        ReferenceForward ref = new ReferenceForward(net);
        try (NDManager m = NDManager.newBaseManager()) {
            double[] got = net.forward(toArray(m, x, net.dataType())).toDoubleArray();
            assertEquals(5, got.length);
            for (int i = 0; i < x.length; i++) {
                double want = ref.forward(x[i]);
                assertEquals(want, got[i], 1e-11 * (1 + Math.abs(want)),
                        what + ": NDArray forward vs plain-Java eq. 3-4 reference, tol 1e-11 rel");
            }
        }
    }

    @Test
    void forwardMatchesPlainJavaReferenceForEveryOption() {
        try (AttentionNetwork a = tiny().build();
                AttentionNetwork b = tiny().optActivation(AttentionNetwork.Activation.TANH)
                        .optScaling(AttentionNetwork.Scaling.INVERSE_SQRT_D).build();
                AttentionNetwork c = tiny().optInputEmbedding(true).optResidual(true)
                        .optLayerNorm(true).optMlp(true).build();
                AttentionNetwork e = tiny().optMlp(true).optParameterization(
                        AttentionNetwork.Parameterization.NTK).optSigmaV(1.7).optSigmaOut(0.5)
                        .build()) {
            checkAgainstReference(a, "paper network (GELU, 1/d^G)");
            checkAgainstReference(b, "tanh, 1/sqrt(d^G)");
            checkAgainstReference(c, "embedding+residual+LayerNorm+MLP");
            checkAgainstReference(e, "NTK parameterization with MLP");
        }
    }

    @Test
    void ntkAndStandardParameterizationAgreeAtInitialisation() {
        try (AttentionNetwork std = tiny().optMlp(true).build();
                AttentionNetwork ntk = tiny().optMlp(true)
                        .optParameterization(AttentionNetwork.Parameterization.NTK).build();
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = toArray(m, randomInputs(4, 4, 3, 5), DataType.FLOAT64);
            double[] a = std.forward(x).toDoubleArray();
            double[] b = ntk.forward(x).toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-12, "W = σ/sqrt(n) w gives the same f at init (B.2)");
            }
            // the trainable arrays differ by exactly the multiplier
            double c = ntk.multiplier("block1.attention.WV");
            assertEquals(1.0 / Math.sqrt(3), c, 1e-15, "multiplier σ_V/sqrt(d^0)");
            double[] ws = ParameterSnapshot.of(std).values("block1.attention.WV");
            double[] wn = ParameterSnapshot.of(ntk).values("block1.attention.WV");
            assertEquals(ws[7], c * wn[7], 1e-15, "W = c w entrywise");
        }
    }

    @Test
    void initialVariancesFollowSection32() {
        int d = 256;
        int heads = 4;
        try (AttentionNetwork net = AttentionNetwork.builder().setWidth(d).setHeads(heads)
                .setLayers(1).setSeqLength(2).setInputDim(64).optHeadDim(32).optSigmaQ(2.0)
                .optSigmaO(0.5).optSeed(1).build()) {
            ParameterSnapshot s = ParameterSnapshot.of(net);
            checkVariance(s.values("block1.attention.WQ"), 4.0 / 64, "W^Q ~ N(0, σ_Q²/d^0)");
            checkVariance(s.values("block1.attention.WK"), 1.0 / 64, "W^K ~ N(0, σ_K²/d^0)");
            checkVariance(s.values("block1.attention.WV"), 1.0 / 64, "W^V ~ N(0, σ_V²/d^0)");
            checkVariance(s.values("block1.attention.WO"), 0.25 / (heads * d),
                    "W^O ~ N(0, σ_O²/(H d))");
        }
    }

    private static void checkVariance(double[] v, double expected, String what) {
        double ss = 0;
        double mean = 0;
        for (double x : v) {
            ss += x * x;
            mean += x;
        }
        double var = ss / v.length;
        // relative standard error of a variance estimate from n draws is sqrt(2/n) (< 0.5% here)
        double tol = 5 * Math.sqrt(2.0 / v.length);
        assertEquals(1.0, var / expected, tol, what + ": sample variance within 5 SE");
        assertEquals(0.0, mean / v.length, 5 * Math.sqrt(expected / v.length), what + ": mean 0");
    }

    @Test
    void sameSeedSameNetworkDifferentSeedDifferent() {
        try (AttentionNetwork a = tiny().build(); AttentionNetwork b = tiny().build();
                AttentionNetwork c = tiny().optSeed(12).build()) {
            assertEquals(0.0, ParameterSnapshot.of(a).distance(ParameterSnapshot.of(b)), 0.0,
                    "same seed -> identical weights");
            assertTrue(ParameterSnapshot.of(a).distance(ParameterSnapshot.of(c)) > 1,
                    "different seed -> different weights");
        }
    }

    @Test
    void newHeadKeepsBackboneAndDrawsGaussianHead() {
        try (AttentionNetwork pt = tiny().setLayers(3).build();
                AttentionNetwork ft = pt.withNewHead(2, 99);
                AttentionNetwork full = pt.withNewHead(3, 99);
                NDManager m = NDManager.newBaseManager()) {
            assertEquals(2, ft.layers());
            ParameterSnapshot a = ParameterSnapshot.of(pt);
            ParameterSnapshot b = ParameterSnapshot.of(ft);
            for (String name : b.names()) {
                if (!name.startsWith("head.")) {
                    assertEquals(0.0, distance(a.values(name), b.values(name)), 0.0,
                            name + " copied from the pretrained backbone");
                }
            }
            assertTrue(distance(a.values("head.w"), b.values("head.w")) > 0.1, "head redrawn");
            NDArray x = toArray(m, randomInputs(3, 4, 3, 8), DataType.FLOAT64);
            double[] f1 = pt.pooledFeatures(x).toDoubleArray();
            double[] f2 = full.pooledFeatures(x).toDoubleArray();
            for (int i = 0; i < f1.length; i++) {
                assertEquals(f1[i], f2[i], 0.0, "k = L keeps every block: same features");
            }
            assertEquals(b.values("head.w")[0],
                    ParameterSnapshot.of(pt.withNewHead(2, 99)).values("head.w")[0], 0.0,
                    "head seed reproducible");
        }
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void snapshotRestoreRoundTrip() {
        try (AttentionNetwork a = tiny().build(); AttentionNetwork b = tiny().optSeed(5).build()) {
            ParameterSnapshot sa = ParameterSnapshot.of(a);
            sa.restore(b);
            assertEquals(0.0, sa.distance(ParameterSnapshot.of(b)), 0.0, "restore copies values");
            assertTrue(b.parameters().get(0).array().hasGradient(), "still requires gradient");
        }
    }

    @Test
    void headAndLastBlocksSelectsByName() {
        try (AttentionNetwork net = tiny().setLayers(3).build()) {
            var sel = net.headAndLastBlocks(1);
            assertTrue(sel.test("head.w") && sel.test("block3.attention.WQ"), "head and block 3");
            assertTrue(!sel.test("block2.attention.WQ") && !sel.test("block1.attention.WO"),
                    "not blocks 1-2");
        }
    }

    @Test
    void builderRejectsBadArguments() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> AttentionNetwork.builder().setHeads(1).setLayers(1).setSeqLength(2)
                        .setInputDim(2).build());
        assertTrue(e.getMessage().startsWith("width"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> tiny().optResidual(true).build());
        assertTrue(e.getMessage().startsWith("residual"), e.getMessage());
        try (AttentionNetwork net = tiny().build(); NDManager m = NDManager.newBaseManager()) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(m.zeros(new Shape(2, 5, 3))));
            assertTrue(e.getMessage().startsWith("x: shape"), e.getMessage());
        }
    }

    @Test
    void blockModelAdaptsDjlLinear() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear lin = Linear.builder().setUnits(1).build();
            lin.initialize(m, DataType.FLOAT32, new Shape(4, 3));
            BlockModel model = BlockModel.of(lin, m);
            assertEquals(2, model.parameters().size(), "weight and bias");
            NDArray x = m.randomNormal(new Shape(4, 3));
            double[] w = model.parameters().get(0).array().toType(DataType.FLOAT64, true)
                    .toDoubleArray();
            double bias = model.parameters().get(1).array().toType(DataType.FLOAT64, true)
                    .toDoubleArray()[0];
            double[] xs = x.toType(DataType.FLOAT64, true).toDoubleArray();
            double[] out = model.forward(x).toType(DataType.FLOAT64, true).toDoubleArray();
            assertEquals(4, out.length, "[N] output");
            for (int i = 0; i < 4; i++) {
                double want = bias + xs[3 * i] * w[0] + xs[3 * i + 1] * w[1] + xs[3 * i + 2] * w[2];
                assertEquals(want, out[i], 1e-5, "x·w + b, float32 tol 1e-5");
            }
        }
    }
}
