package org.ftlab.ntk;

import static org.ftlab.ntk.NtkTestSupport.frobenius;
import static org.ftlab.ntk.NtkTestSupport.frobeniusDistance;
import static org.ftlab.ntk.NtkTestSupport.inputs;
import static org.ftlab.ntk.NtkTestSupport.relDistance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.ftlab.model.AttentionNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SketchTest {

    private static NtkResult sketch(AttentionNetwork net, NDArray x, int d, long seed, long budget) {
        return EmpiricalNtk.builder().setModel(net).setInputs(x).optMode(EmpiricalNtk.Mode.SKETCH)
                .optSketchDim(d).optSeed(seed).optMemoryBudgetBytes(budget).build().compute();
    }

    @Test
    @Tag("cpu-dispatch")
    void sameSeedSameSketchAndBlockingDoesNotChangeS() {
        try (AttentionNetwork net = NtkTestSupport.tinyAttention(DataType.FLOAT64);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = inputs(m, 9, 4, 3, 3, DataType.FLOAT64);
            NtkResult a = sketch(net, x, 24, 5, 1L << 24);
            NtkResult b = sketch(net, x, 24, 5, 1L << 24);
            NtkResult c = sketch(net, x, 24, 6, 1L << 24);
            assertEquals(0.0, frobeniusDistance(a.kernel(), b.kernel()), 0.0, "same seed, same K̂");
            assertTrue(frobeniusDistance(a.kernel(), c.kernel()) > 1e-3 * frobenius(a.kernel()),
                    "different seed, different K̂");
            // budget for the N×D sketch + one chunk + P column sums + 2 gradient rows: 5 blocks
            long fixed = (9L * 24 + 186) * 8 + 186L * 24 * (4 + 8);
            NtkResult blocked = sketch(net, x, 24, 5, fixed + 2 * 186 * 8);
            assertEquals(9, blocked.gradientEvaluations(), "sketch computes each gradient once");
            assertEquals(fixed + 2 * 186 * 8, blocked.peakGradientBytes(), "2-row blocks");
            assertTrue(relDistance(blocked.kernel(), a.kernel()) < 1e-14,
                    "blocked sketch uses the same S (regenerated per chunk), rel < 1e-14 (float64,"
                            + " other matmul shapes: eps 1.1e-16 x sqrt(186 accumulated products) = 1.5e-15)");
            assertEquals(a.trace(), blocked.trace(), 1e-14 * a.trace(), "exact trace");
        }
    }

    /**
     * Empirical check of the error formula on 60 independent sketches: with exact K and exact
     * R = Σ_p (Σ_i a_ip²)², E||K̂ − K||² = ((tr K)² + ||K||² − 2R)/D; the sample mean must lie
     * within 4 standard errors; E[K̂] = K is checked on the average of the sketches.
     */
    @Test
    void sketchIsUnbiasedWithThePredictedError() {
        int n = 10;
        int d = 16;
        int reps = 60;
        try (AttentionNetwork net = NtkTestSupport.tinyAttention(DataType.FLOAT64);
                NDManager m = NDManager.newBaseManager()) {
            NDArray x = inputs(m, n, 4, 3, 9, DataType.FLOAT64);
            NtkResult exact = EmpiricalNtk.builder().setModel(net).setInputs(x).build().compute();
            double[][] k = exact.kernel();
            PerSampleGradients g = new PerSampleGradients(net, x, net.parameters(), () -> { });
            NDArray buffer = m.zeros(new Shape(n, g.parameterCount()), DataType.FLOAT64);
            g.fill(buffer, 0, n);
            double[] colSq = buffer.square().sum(new int[] {0}).toDoubleArray();
            double r = 0;
            for (double c : colSq) {
                r += (c / n) * (c / n);
            }
            double tr = exact.trace();
            double fro2 = frobenius(k) * frobenius(k);
            double predicted = (tr * tr + fro2 - 2 * r) / d;

            double[][] mean = new double[n][n];
            double sum = 0;
            double sumSq = 0;
            double reported = 0;
            for (int s = 0; s < reps; s++) {
                NtkResult sk = sketch(net, x, d, 1000 + s, 1L << 24);
                double e2 = Math.pow(frobeniusDistance(sk.kernel(), k), 2);
                sum += e2;
                sumSq += e2 * e2;
                reported += sk.expectedRelativeError() * sk.expectedRelativeError();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        mean[i][j] += sk.get(i, j) / reps;
                    }
                }
            }
            double avg = sum / reps;
            double se = Math.sqrt((sumSq / reps - avg * avg) / reps);
            assertTrue(Math.abs(avg - predicted) < 4 * se, "mean ||K̂−K||² = " + avg
                    + " vs predicted " + predicted + ", within 4 SE (SE " + se + ")");
            double rhoPred = Math.sqrt(predicted / fro2);
            double rhoReported = Math.sqrt(reported / reps);
            // The plug-in ||K̂||² sits in a denominator: Var(||K̂||²)/||K||⁴ <= ~4ρ², so by Jensen
            // ρ <= sqrt(E ρ̂²) <= ~ρ(1 + 2ρ²); 5% slack below for the Monte Carlo mean.
            assertTrue(rhoReported >= 0.95 * rhoPred
                            && rhoReported <= rhoPred * (1 + 2 * rhoPred * rhoPred),
                    "reported ρ (plug-in from K̂) " + rhoReported + " in [0.95ρ, ρ(1+2ρ²)], ρ = "
                            + rhoPred);
            double bias = relDistance(mean, k);
            assertTrue(bias < 3 * rhoPred / Math.sqrt(reps), "||mean K̂ − K||/||K|| = " + bias
                    + " < 3 ρ/sqrt(reps) = " + 3 * rhoPred / Math.sqrt(reps));
            double sqrt2d = Math.sqrt(2.0 / d);
            assertTrue(rhoPred >= 0.9 * sqrt2d && rhoPred <= Math.sqrt((n + 1.0) / d),
                    "ρ between ~sqrt(2/D) and sqrt((N+1)/D): " + rhoPred);
            // at D = 256 a single plug-in estimate has relative spread <= ~ρ: allow 3ρ
            for (int s = 0; s < 3; s++) {
                NtkResult big = sketch(net, x, 256, 7 + s, 1L << 24);
                double rho256 = Math.sqrt((tr * tr + fro2 - 2 * r) / 256 / fro2);
                assertEquals(rho256, big.expectedRelativeError(), 3 * rho256 * rho256,
                        "reported ρ at D = 256 within 3ρ (relative) of the exact-K value "
                                + rho256);
            }
            System.out.printf("sketch D=%d: predicted rho=%.4f reported rho=%.4f empirical rho=%.4f"
                    + " (SE of mean sq err %.3g), bias %.4f%n", d, rhoPred, rhoReported,
                    Math.sqrt(avg / fro2), se / fro2, bias);
        }
    }
}
