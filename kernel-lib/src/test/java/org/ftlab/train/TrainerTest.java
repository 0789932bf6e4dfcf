package org.ftlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.model.BlockModel;
import org.ftlab.model.ParameterSnapshot;
import org.ftlab.ntk.EmpiricalNtk;
import org.junit.jupiter.api.Test;

import java.util.Random;

class TrainerTest {

    static AttentionNetwork tiny(long seed) {
        return AttentionNetwork.builder().setWidth(6).setHeads(2).setLayers(2).setSeqLength(4)
                .setInputDim(3).optHeadDim(6).optMlp(true).optResidual(true).optInputEmbedding(true)
                .optDataType(DataType.FLOAT64).optSeed(seed).build();
    }

    private static double[] forward(AttentionNetwork net, NDArray x) {
        return Autograd.noGrad(() -> net.forward(x).toDoubleArray());
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Linearisation error of one GD step, ||f_1 − f_0 + ε K (f_0 − y)||, relative. */
    private static double linearisationError(AttentionNetwork net, NDArray x, double[] y,
            double[][] k, double eps) {
        ParameterSnapshot theta0 = ParameterSnapshot.of(net);
        double[] f0 = forward(net, x);
        Trainer.builder().setModel(net).setTrainingData(x, y).setLearningRate(eps).setSteps(1)
                .build().train();
        double[] f1 = forward(net, x);
        theta0.restore(net);
        double[] err = new double[y.length];
        double[] pred = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double kr = 0;
            for (int j = 0; j < y.length; j++) {
                kr += k[i][j] * (f0[j] - y[j]);
            }
            pred[i] = -eps * kr;
            err[i] = f1[i] - f0[i] - pred[i];
        }
        return norm(err) / norm(pred);
    }

    /** One GD step moves f by −ε K (f − y) up to O(ε²): Lemma 1 / eq. (18) with K of eq. (7). */
    @Test
    void gradientStepMatchesNtkPredictionToSecondOrder() {
        try (AttentionNetwork net = tiny(1); NDManager m = NDManager.newBaseManager()) {
            RegressionData d = SyntheticTasks.smooth(8, 4, 3, 0.1, 1, 2);
            NDArray x = d.inputArray(m, DataType.FLOAT64);
            double[] y = d.targets();
            var ntk = EmpiricalNtk.builder().setModel(net).setInputs(x).build().compute();
            double[][] k = ntk.kernel();
            double eps = 0.1 / ntk.trace(); // ε λ_max <= 0.1
            double e1 = linearisationError(net, x, y, k, eps);
            double e2 = linearisationError(net, x, y, k, eps / 2);
            assertTrue(e1 < 0.05, "relative linearisation error at ε=0.1/tr K: " + e1 + " < 0.05");
            assertEquals(2.0, e1 / e2, 0.3, "error halves with ε (relative error O(ε)): ratio "
                    + e1 / e2 + " in 2 ± 0.3");
        }
    }

    /**
     * Linear probing (Remark 5.1): with the backbone frozen, f = F w with F the pooled features,
     * so GD on the head is w ← w − ε F^T (F w − y) / N exactly; compared step by step in Java.
     */
    @Test
    void linearProbingIsGradientDescentOnLinearRegression() {
        try (AttentionNetwork net = tiny(2); NDManager m = NDManager.newBaseManager()) {
            RegressionData d = SyntheticTasks.smooth(10, 4, 3, 0.1, 3, 4);
            NDArray x = d.inputArray(m, DataType.FLOAT64);
            double[] y = d.targets();
            double[] f = Autograd.noGrad(() -> net.pooledFeatures(x).toDoubleArray());
            int n = 10;
            int dim = 6;
            ParameterSnapshot before = ParameterSnapshot.of(net);
            double[] w = before.values("head.w");
            double eps = 0.3;
            int steps = 25;
            for (int s = 0; s < steps; s++) {
                double[] grad = new double[dim];
                for (int i = 0; i < n; i++) {
                    double r = -y[i];
                    for (int j = 0; j < dim; j++) {
                        r += f[i * dim + j] * w[j];
                    }
                    for (int j = 0; j < dim; j++) {
                        grad[j] += f[i * dim + j] * r / n;
                    }
                }
                for (int j = 0; j < dim; j++) {
                    w[j] -= eps * grad[j];
                }
            }
            TrainingHistory h = Trainer.builder().setModel(net).setTrainingData(x, y)
                    .setLearningRate(eps).setSteps(steps)
                    .optTrainableParameters(name -> name.startsWith("head.")).build().train();
            ParameterSnapshot after = ParameterSnapshot.of(net);
            double[] got = after.values("head.w");
            for (int j = 0; j < dim; j++) {
                assertEquals(w[j], got[j], 1e-12, "head weight " + j + " vs closed-form GD");
            }
            for (String name : before.names()) {
                if (!name.startsWith("head.")) {
                    assertEquals(0.0, norm(diff(before.values(name), after.values(name))), 0.0,
                            name + " frozen");
                }
            }
            assertTrue(net.parameters().stream().allMatch(p -> p.array().hasGradient()),
                    "requiresGradient restored");
            double[] loss = h.trainLoss();
            for (int i = 1; i < loss.length; i++) {
                assertTrue(loss[i] <= loss[i - 1] + 1e-12,
                        "convex quadratic with small ε: monotone loss");
            }
        }
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /**
     * A hold-out set whose targets are reflected through f_0 (y_val = 2 f_0 − y) gets worse as
     * soon as training improves: the best step is 0, training stops after `patience` more
     * evaluations and the parameters are reset to θ_0.
     */
    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresBest() {
        try (AttentionNetwork net = tiny(3); NDManager m = NDManager.newBaseManager()) {
            RegressionData d = SyntheticTasks.smooth(8, 4, 3, 0.1, 5, 6);
            NDArray x = d.inputArray(m, DataType.FLOAT64);
            double[] y = d.targets();
            double[] f0 = forward(net, x);
            double[] yVal = new double[8];
            for (int i = 0; i < 8; i++) {
                yVal[i] = 2 * f0[i] - y[i];
            }
            ParameterSnapshot theta0 = ParameterSnapshot.of(net);
            TrainingHistory h = Trainer.builder().setModel(net).setTrainingData(x, y)
                    .setLearningRate(0.01).setSteps(100).optValidationData(x, yVal)
                    .optEarlyStopping(3).optSnapshotEvery(2).build().train();
            assertEquals(0, h.bestStep(), "hold-out loss is lowest at θ_0");
            assertEquals(3, h.stopStep(), "stops patience = 3 evaluations after the best");
            assertTrue(h.stoppedEarly() && h.restoredBest(), "early stop and restore");
            assertEquals(0.0, theta0.distance(ParameterSnapshot.of(net)), 0.0, "θ reset to θ_0");
            double[] v = h.validationLoss();
            double[] t = h.trainLoss();
            assertArrayEquals(new int[] {0, 1, 2, 3}, h.steps(), "evaluated every step");
            for (int i = 1; i < v.length; i++) {
                assertTrue(v[i] > v[0] && t[i] < t[i - 1], "val above θ_0's, train down");
            }
            assertEquals(t[0], v[0], 1e-12, "reflected targets: equal losses at θ_0");
            assertEquals(java.util.Set.of(0, 2, 3), h.snapshots().keySet(),
                    "snapshots every 2 steps and at the stop");
            assertEquals(0.0, h.snapshots().get(0).distance(theta0), 0.0, "snapshot 0 is θ_0");
        }
    }

    /** Minibatch SGD on f = w·x + b reproduced step by step in Java with the same permutation. */
    @Test
    void minibatchSgdMatchesHandWrittenSgdOnLinearModel() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear lin = Linear.builder().setUnits(1).build();
            lin.initialize(m, DataType.FLOAT64, new Shape(1, 3));
            BlockModel model = BlockModel.of(lin, m);
            Random r = new Random(9);
            int n = 7;
            double[] xs = new double[n * 3];
            double[] y = new double[n];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = r.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                y[i] = r.nextGaussian();
            }
            NDArray x = m.create(xs, new Shape(n, 3));
            double[] w = model.parameters().get(0).array().toDoubleArray();
            double b = model.parameters().get(1).array().toDoubleArray()[0];
            double eps = 0.1;
            int batch = 3;
            int epochs = 2;
            Random perm = new Random(42);
            for (int e = 0; e < epochs; e++) {
                int[] order = Trainer.permutation(perm, n);
                for (int s = 0; s < n; s += batch) {
                    int to = Math.min(n, s + batch);
                    double[] gw = new double[3];
                    double gb = 0;
                    for (int k = s; k < to; k++) {
                        int i = order[k];
                        double res = b - y[i];
                        for (int j = 0; j < 3; j++) {
                            res += w[j] * xs[3 * i + j];
                        }
                        for (int j = 0; j < 3; j++) {
                            gw[j] += xs[3 * i + j] * res / (to - s);
                        }
                        gb += res / (to - s);
                    }
                    for (int j = 0; j < 3; j++) {
                        w[j] -= eps * gw[j];
                    }
                    b -= eps * gb;
                }
            }
            TrainingHistory h = Trainer.builder().setModel(model).setTrainingData(x, y)
                    .setLearningRate(eps).optEpochs(epochs).optBatchSize(batch).optSeed(42)
                    .optEvaluateEvery(3).build().train();
            assertEquals(6, h.stopStep(), "2 epochs of ceil(7/3) = 3 minibatches");
            assertArrayEquals(new int[] {0, 3, 6}, h.steps(), "evaluated every 3 updates");
            double[] gotW = model.parameters().get(0).array().toDoubleArray();
            for (int j = 0; j < 3; j++) {
                assertEquals(w[j], gotW[j], 1e-12, "w_" + j + " after SGD");
            }
            assertEquals(b, model.parameters().get(1).array().toDoubleArray()[0], 1e-12, "bias");
        }
    }

    @Test
    void sameSeedSameRun() {
        double[][] losses = new double[3][];
        long[] seeds = {7, 7, 8};
        for (int k = 0; k < 3; k++) {
            try (AttentionNetwork net = tiny(4); NDManager m = NDManager.newBaseManager()) {
                RegressionData d = SyntheticTasks.smooth(9, 4, 3, 0.1, 1, 1);
                losses[k] = Trainer.builder().setModel(net)
                        .setTrainingData(d.inputArray(m, DataType.FLOAT64), d.targets())
                        .setLearningRate(0.05).setSteps(6).optBatchSize(4).optSeed(seeds[k])
                        .build().train().trainLoss();
            }
        }
        assertArrayEquals(losses[0], losses[1], 0.0, "same seed, identical losses");
        assertFalse(java.util.Arrays.equals(losses[0], losses[2]), "another seed differs");
    }

    @Test
    void builderValidation() {
        try (AttentionNetwork net = tiny(1); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(3, 4, 3), DataType.FLOAT64);
            double[] y = {1, 2, 3};
            var e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                    .setModel(net).setTrainingData(x, new double[] {1, 2}).setLearningRate(0.1)
                    .setSteps(1).build());
            assertTrue(e.getMessage().startsWith("trainingData"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                    .setModel(net).setTrainingData(x, y).setLearningRate(0.1).setSteps(1)
                    .optEarlyStopping(2).build());
            assertTrue(e.getMessage().startsWith("patience"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                    .setModel(net).setTrainingData(x, y).setLearningRate(-1).setSteps(1).build());
            assertTrue(e.getMessage().startsWith("learningRate"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder()
                    .setModel(net).setTrainingData(x, y).setLearningRate(0.1).build());
            assertTrue(e.getMessage().startsWith("steps"), e.getMessage());
        }
    }
}
