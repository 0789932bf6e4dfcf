package org.ftlab.ntk;

import static org.ftlab.ntk.NtkTestSupport.frobenius;
import static org.ftlab.ntk.NtkTestSupport.gram;
import static org.ftlab.ntk.NtkTestSupport.inputs;
import static org.ftlab.ntk.NtkTestSupport.relDistance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

import org.ejml.simple.SimpleEVD;
import org.ejml.simple.SimpleMatrix;
import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.BlockModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

class EmpiricalNtkTest {

    private static final AttentionNetwork.Parameterization STD =
            AttentionNetwork.Parameterization.STANDARD;

    @Test
    void perSampleGradientsMatchFiniteDifferences() {
        try (AttentionNetwork net = NtkTestSupport.tinyTransformer(DataType.FLOAT64, STD);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = inputs(m, 5, 3, 4, 1, DataType.FLOAT64);
            double[][] fd = NtkTestSupport.finiteDifferenceJacobian(net, x, 1e-5);
            PerSampleGradients g = new PerSampleGradients(net, x, net.parameters(), () -> { });
            NDArray buffer = m.zeros(new Shape(5, g.parameterCount()), DataType.FLOAT64);
            g.fill(buffer, 0, 5);
            double[][] ad = new double[5][];
            for (int i = 0; i < 5; i++) {
                ad[i] = buffer.get(i).toDoubleArray();
            }
            assertEquals(516, g.parameterCount(), "parameter count of the tiny transformer");
            double err = NtkTestSupport.frobeniusDistance(ad, fd) / frobenius(fd);
            assertTrue(err < 1e-8, "autograd J vs central differences (h=1e-5), rel Frobenius "
                    + err + " < 1e-8");

            NtkResult k = EmpiricalNtk.builder().setModel(net).setInputs(x).build().compute();
            double kerr = relDistance(k.kernel(), gram(fd, 1.0 / 5));
            assertTrue(kerr < 1e-8, "K (eq. 7) vs J_fd J_fd^T / N, rel " + kerr + " < 1e-8");
        }
    }

    @Test
    void kernelIsSymmetricPositiveSemidefinite() {
        for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            try (AttentionNetwork net = NtkTestSupport.tinyAttention(type);
                    NDManager m = NDManager.newBaseManager()) {
                NtkResult r = EmpiricalNtk.builder().setModel(net)
                        .setInputs(inputs(m, 40, 4, 3, 2, type)).build().compute();
                double[][] k = r.kernel();
                for (int i = 0; i < k.length; i++) {
                    for (int j = 0; j < k.length; j++) {
                        assertEquals(k[i][j], k[j][i], 0.0, "K symmetric");
                    }
                }
                SimpleEVD<SimpleMatrix> evd = new SimpleMatrix(k).eig();
                double max = 0;
                double min = Double.POSITIVE_INFINITY;
                for (int i = 0; i < k.length; i++) {
                    double ev = evd.getEigenvalue(i).getReal();
                    max = Math.max(max, ev);
                    min = Math.min(min, ev);
                }
                double tol = type == DataType.FLOAT64 ? 1e-12 : 1e-5;
                assertTrue(min > -tol * max, type + ": λ_min " + min + " >= -" + tol + " λ_max");
                double trace = 0;
                for (int i = 0; i < k.length; i++) {
                    trace += k[i][i];
                }
                assertEquals(trace, r.trace(), 1e-12 * trace, "reported trace = tr K");
            }
        }
    }

    @Test
    void kernelSplitsOverDisjointParameterGroups() {
        try (AttentionNetwork net = NtkTestSupport.tinyTransformer(DataType.FLOAT64, STD);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = inputs(m, 6, 3, 4, 4, DataType.FLOAT64);
            double[][] all = EmpiricalNtk.builder().setModel(net).setInputs(x).build().compute()
                    .kernel();
            String[] groups = {"block1.attention.", "block1.norm", "block1.mlp", "block2.", "head."};
            double[][] sum = new double[6][6];
            long pSum = 0;
            for (String gname : groups) {
                NtkResult r = EmpiricalNtk.builder().setModel(net).setInputs(x)
                        .optParameters(name -> name.startsWith(gname)).build().compute();
                pSum += r.parameterCount();
                double[][] kg = r.kernel();
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j < 6; j++) {
                        sum[i][j] += kg[i][j];
                    }
                }
            }
            assertEquals(516, pSum, "groups are disjoint and cover θ");
            assertTrue(relDistance(sum, all) < 1e-13, "K_all = Σ_groups K_group, rel < 1e-13");
            // the subset helper: head + last block = head. + block2.
            NtkResult sub = EmpiricalNtk.builder().setModel(net).setInputs(x)
                    .optParameters(net.headAndLastBlocks(1)).build().compute();
            assertTrue(net.parameters().stream().allMatch(p -> p.array().hasGradient()),
                    "requiresGradient restored after a subset computation");
            NtkResult b2 = EmpiricalNtk.builder().setModel(net).setInputs(x)
                    .optParameters(name -> name.startsWith("block2.")).build().compute();
            NtkResult head = EmpiricalNtk.builder().setModel(net).setInputs(x)
                    .optParameters(List.of("head.w")).build().compute();
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    assertEquals(b2.get(i, j) + head.get(i, j), sub.get(i, j),
                            1e-13 * frobenius(sub.kernel()), "K_{head+block2} decomposition");
                }
            }
        }
    }

    @Test
    @Tag("cpu-dispatch")
    void blockedComputationUnderSmallBudgetEqualsInMemory() {
        try (AttentionNetwork net = NtkTestSupport.tinyAttention(DataType.FLOAT64);
                NDManager m = NDManager.newBaseManager()) {
            int n = 11;
            NDArray x = inputs(m, n, 4, 3, 6, DataType.FLOAT64);
            NtkResult full = EmpiricalNtk.builder().setModel(net).setInputs(x).build().compute();
            long rowBytes = 186L * 8;
            AtomicLong last = new AtomicLong();
            AtomicLong total = new AtomicLong();
            NtkResult blocked = EmpiricalNtk.builder().setModel(net).setInputs(x)
                    .optMemoryBudgetBytes(4 * rowBytes + 7)
                    .optProgress((done, tot) -> {
                        last.set(done);
                        total.set(tot);
                    }).build().compute();
            assertEquals(n, full.gradientEvaluations(), "in memory: one pass per sample");
            // cap 4 rows -> stream 1, block 3: blocks end at 3,6,9 -> 11 + 8 + 5 + 2 = 26 passes
            assertEquals(26, blocked.gradientEvaluations(), "recompute count N + Σ(N - I b)");
            assertEquals(26, EmpiricalNtk.exactEvaluations(n, 3), "formula");
            assertEquals(26, last.get(), "progress reaches the total");
            assertEquals(26, total.get(), "progress total");
            assertTrue(blocked.peakGradientBytes() <= 4 * rowBytes + 7, "within the budget");
            assertTrue(relDistance(blocked.kernel(), full.kernel()) < 1e-14,
                    "blocked K equals in-memory K, rel < 1e-14 (float64: the blocks change only the"
                            + " matmul shapes; eps 1.1e-16 x sqrt(186 accumulated products) = 1.5e-15)");
            var e = assertThrows(IllegalArgumentException.class, () -> EmpiricalNtk.builder()
                    .setModel(net).setInputs(x).optMemoryBudgetBytes(rowBytes).build().compute());
            assertTrue(e.getMessage().startsWith("memoryBudgetBytes"), e.getMessage());
        }
    }

    @Test
    void widthNormalisationDividesByN() {
        try (AttentionNetwork net = NtkTestSupport.tinyAttention(DataType.FLOAT64);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = inputs(m, 4, 4, 3, 7, DataType.FLOAT64);
            NtkResult a = EmpiricalNtk.builder().setModel(net).setInputs(x).build().compute();
            NtkResult b = EmpiricalNtk.builder().setModel(net).setInputs(x)
                    .optWidthNormalisation(6).build().compute();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(a.get(i, j) / 6, b.get(i, j), 1e-15 * Math.abs(a.get(i, j)),
                            "eq. 37: K / n");
                }
            }
        }
    }

    /**
     * Under NTK parameterization W = c w, so ∇_w f = c ∇_W f and, per parameter group,
     * K_NTK,g = c_g² K_std,g with c_g = σ_g / sqrt(fan_in) (appendix B.2).
     */
    @Test
    void ntkParameterizationRescalesEachGroupByItsMultiplierSquared() {
        try (AttentionNetwork std = NtkTestSupport.tinyTransformer(DataType.FLOAT64, STD);
                AttentionNetwork ntk = NtkTestSupport.tinyTransformer(DataType.FLOAT64,
                        AttentionNetwork.Parameterization.NTK);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = inputs(m, 5, 3, 4, 8, DataType.FLOAT64);
            // σ_Q = σ_K = 2, others 1; fan-ins: d_in = 4 for Q,K,V; H d = 8 for W^O; d = 4 for W1
            // and head; 4d = 16 for W2; LayerNorm not rescaled.
            String[] names = {"WQ", "WK", "WV", "WO", "W1", "W2", "gamma", "head"};
            double[] c2 = {4.0 / 4, 4.0 / 4, 1.0 / 4, 1.0 / 8, 1.0 / 4, 1.0 / 16, 1.0, 1.0 / 4};
            double[][] expected = new double[5][5];
            for (int g = 0; g < names.length; g++) {
                String key = names[g];
                NtkResult r = EmpiricalNtk.builder().setModel(std).setInputs(x)
                        .optParameters(name -> name.contains(key)).build().compute();
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 5; j++) {
                        expected[i][j] += c2[g] * r.get(i, j);
                    }
                }
            }
            double[][] betaGroup = EmpiricalNtk.builder().setModel(std).setInputs(x)
                    .optParameters(name -> name.contains("beta")).build().compute().kernel();
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    expected[i][j] += betaGroup[i][j];
                }
            }
            double[][] got = EmpiricalNtk.builder().setModel(ntk).setInputs(x).build().compute()
                    .kernel();
            assertTrue(relDistance(got, expected) < 1e-12,
                    "K_NTK = Σ_g c_g² K_std,g, rel " + relDistance(got, expected) + " < 1e-12");
        }
    }

    /** f(x) = w·x + b has J = [X, 1], so K = (X X^T + 1 1^T) / N exactly. */
    @Test
    void djlBlockThroughAdapterHasClosedFormKernel() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear lin = Linear.builder().setUnits(1).build();
            lin.initialize(m, DataType.FLOAT32, new Shape(1, 5));
            NDArray x = m.randomNormal(new Shape(7, 5));
            NtkResult r = EmpiricalNtk.builder().setModel(BlockModel.of(lin, m)).setInputs(x)
                    .build().compute();
            double[] xs = x.toType(DataType.FLOAT64, true).toDoubleArray();
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 7; j++) {
                    double dot = 1;
                    for (int k = 0; k < 5; k++) {
                        dot += xs[5 * i + k] * xs[5 * j + k];
                    }
                    assertEquals(dot / 7, r.get(i, j), 1e-5 * (1 + Math.abs(dot)),
                            "K = (x_i·x_j + 1)/N, float32 tol 1e-5");
                }
            }
            assertEquals(6, r.parameterCount(), "P = 5 weights + 1 bias");
        }
    }

    @Test
    void builderValidation() {
        try (AttentionNetwork net = NtkTestSupport.tinyAttention(DataType.FLOAT64);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = inputs(m, 2, 4, 3, 1, DataType.FLOAT64);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> EmpiricalNtk.builder().setModel(net).setInputs(x)
                            .optParameters(List.of("head.w", "nope")).build());
            assertTrue(e.getMessage().startsWith("parameters: unknown name nope"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> EmpiricalNtk.builder().setInputs(x).build());
            assertTrue(e.getMessage().startsWith("model"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> EmpiricalNtk.builder()
                    .setModel(net).setInputs(x).optParameters(n -> false).build().compute());
            assertTrue(e.getMessage().startsWith("parameters"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> EmpiricalNtk.builder()
                    .setModel(net).setInputs(x).optSketchDim(0).build());
            assertTrue(e.getMessage().startsWith("sketchDim"), e.getMessage());
        }
    }
}
