package org.ftlab.taskvector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.ParameterSnapshot;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.train.SyntheticTasks;
import org.ftlab.train.Trainer;
import org.ftlab.util.Progress;

import java.util.Random;

/**
 * Task arithmetic on synthetic tasks (§5.2 of paper 1). A student {@code f_PT} is pretrained
 * from Gaussian initialisation on a source task whose inputs use every coordinate of {@code
 * R^{d0}}. Four target tasks are defined by teachers related to the source teacher ({@link
 * SyntheticTasks#relatedTeacher}) and by where their inputs live:
 *
 * <ul>
 *   <li>{@code A}: tokens supported on coordinates {@code [0, d0/2)};
 *   <li>{@code B}: tokens supported on coordinates {@code [d0/2, d0)} (disjoint from A: the
 *       "orthogonal" pair, Assumption 5.1 in spirit);
 *   <li>{@code C}, {@code D}: tokens on all coordinates (the overlapping pair).
 * </ul>
 *
 * Each task is fine-tuned from {@code θ_PT} (full-batch GD, fixed steps), giving {@code τ_t =
 * θ_FT,t − θ_PT} (eq. 22). Reported: cosines between task vectors; the kernel overlap {@code
 * ρ} of {@link KernelOverlap} from {@code K_PT} on the tasks' inputs; negation {@code θ_PT − λ
 * τ} (Ilharco et al.; eq. 23 as printed, {@code θ_FT − τ}, is {@code θ_PT}) checked against
 * Corollary 1 ({@code MSE(f_neg) > MSE(f_FT)} on the task); addition {@code θ_PT + λ(τ_1 +
 * τ_2)} (eq. 25, Corollary 2) for both pairs over a sweep of {@code λ}.
 */
public final class TaskArithmetic {

    /** Task names, in result order. */
    public static final String[] TASKS = {"A", "B", "C", "D"};

    private final Builder b;

    private TaskArithmetic(Builder b) {
        this.b = b;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the experiment.
     *
     * @return the measurements
     */
    public TaskArithmeticResult run() {
        int nt = TASKS.length;
        double[] lambdas = b.lambdas.clone();
        try (NDManager m = NDManager.newBaseManager();
                AttentionNetwork source = teacher(1000 + b.seed);
                AttentionNetwork net = AttentionNetwork.builder().setWidth(b.width).setHeads(2)
                        .setLayers(b.layers).setSeqLength(b.seqLength).setInputDim(b.inputDim)
                        .optParameterization(AttentionNetwork.Parameterization.NTK)
                        .optSeed(5000 + b.seed).build();
                Progress progress = Progress.start("task arithmetic", nt + 3)) {
            // pretraining on the source task (all coordinates)
            Random rs = new Random(3000 + b.seed);
            NDArray xs = inputs(m, rs, b.sourceSamples, 0, b.inputDim);
            double[] ys = targets(source, xs, rs);
            Trainer.builder().setModel(net).setTrainingData(xs, ys).setLearningRate(b.eta0)
                    .setSteps(b.pretrainSteps).optEvaluateEvery(b.pretrainSteps).build().train();
            ParameterSnapshot pt = ParameterSnapshot.of(net);
            progress.step();

            NDArray[] xTrain = new NDArray[nt];
            NDArray[] xTest = new NDArray[nt];
            double[][] yTrain = new double[nt][];
            double[][] yTest = new double[nt][];
            TaskVector[] tau = new TaskVector[nt];
            double[][] ftMse = new double[nt][];
            for (int t = 0; t < nt; t++) {
                int lo = t == 1 ? b.inputDim / 2 : 0;
                int hi = t == 0 ? b.inputDim / 2 : b.inputDim;
                try (AttentionNetwork teacherT =
                        SyntheticTasks.relatedTeacher(source, b.taskShift, 2000 + 10L * t)) {
                    Random r = new Random(4000 + 10L * t + 100 * b.seed);
                    xTrain[t] = inputs(m, r, b.samples, lo, hi);
                    yTrain[t] = targets(teacherT, xTrain[t], r);
                    xTest[t] = inputs(m, r, b.testSamples, lo, hi);
                    yTest[t] = clean(teacherT, xTest[t]);
                }
            }
            double[][] ptMse = new double[nt][nt];
            for (int t = 0; t < nt; t++) {
                for (int s = 0; s < nt; s++) {
                    ptMse[t][s] = mse(net, xTest[s], yTest[s]);
                }
            }
            for (int t = 0; t < nt; t++) {
                pt.restore(net);
                Trainer.builder().setModel(net).setTrainingData(xTrain[t], yTrain[t])
                        .setLearningRate(b.eta0).setSteps(b.steps).optEvaluateEvery(b.steps)
                        .build().train();
                tau[t] = TaskVector.between(pt, ParameterSnapshot.of(net));
                ftMse[t] = new double[nt];
                for (int s = 0; s < nt; s++) {
                    ftMse[t][s] = mse(net, xTest[s], yTest[s]);
                }
                progress.step();
            }
            double[][] cos = new double[nt][nt];
            for (int t = 0; t < nt; t++) {
                for (int s = 0; s < nt; s++) {
                    cos[t][s] = tau[t].cosine(tau[s]);
                }
            }
            // kernel overlap from K_PT on the stacked inputs of all tasks
            pt.restore(net);
            int g = Math.min(b.kernelSamplesPerTask, b.samples);
            NDArray[] parts = new NDArray[nt];
            int[] sizes = new int[nt];
            for (int t = 0; t < nt; t++) {
                parts[t] = xTrain[t].get("0:" + g);
                sizes[t] = g;
            }
            NDArray stacked = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts));
            double[][] k = EmpiricalNtk.builder().setModel(net).setInputs(stacked).build()
                    .compute().kernel();
            double[][] rho = KernelOverlap.normalisedCrossKernel(k, sizes);
            progress.step();

            // negation θ_PT − λ_neg τ_t: MSE on the task itself and on every task
            double[][] negMse = new double[nt][nt];
            for (int t = 0; t < nt; t++) {
                tau[t].scale(-b.negationLambda).applyTo(net, pt);
                for (int s = 0; s < nt; s++) {
                    negMse[t][s] = mse(net, xTest[s], yTest[s]);
                }
            }
            // addition θ_PT + λ(τ_1 + τ_2) for the pairs (A, B) and (C, D)
            int[][] pairs = {{0, 1}, {2, 3}};
            double[][][] sweep = new double[2][2][lambdas.length];
            for (int p = 0; p < 2; p++) {
                TaskVector sum = tau[pairs[p][0]].plus(tau[pairs[p][1]]);
                for (int l = 0; l < lambdas.length; l++) {
                    sum.scale(lambdas[l]).applyTo(net, pt);
                    for (int q = 0; q < 2; q++) {
                        int t = pairs[p][q];
                        sweep[p][q][l] = mse(net, xTest[t], yTest[t]);
                    }
                }
            }
            progress.step();
            pt.restore(net);
            double[] norms = new double[nt];
            for (int t = 0; t < nt; t++) {
                norms[t] = tau[t].norm();
            }
            return new TaskArithmeticResult(TASKS.clone(), cos, rho, ptMse, ftMse, negMse,
                    b.negationLambda, lambdas, sweep, norms);
        }
    }

    private AttentionNetwork teacher(long seed) {
        return AttentionNetwork.builder().setWidth(8).setHeads(2).setLayers(1)
                .setSeqLength(b.seqLength).setInputDim(b.inputDim).optDataType(DataType.FLOAT64)
                .optSeed(seed).build();
    }

    /** Gaussian tokens supported on coordinates {@code [lo, hi)}. */
    private NDArray inputs(NDManager m, Random r, int n, int lo, int hi) {
        int d = b.inputDim;
        float[] v = new float[n * b.seqLength * d];
        for (int i = 0; i < n * b.seqLength; i++) {
            for (int j = 0; j < d; j++) {
                double z = r.nextGaussian(); // drawn for every coordinate: aligned streams
                if (j >= lo && j < hi) {
                    v[i * d + j] = (float) (z * Math.sqrt((double) d / (hi - lo)));
                }
            }
        }
        return m.create(v, new Shape(n, b.seqLength, d));
    }

    private double[] clean(AttentionNetwork teacher, NDArray x) {
        return Autograd.noGrad(() -> {
            try (NDManager sub = NDManager.newBaseManager()) {
                NDArray x64 = x.toType(DataType.FLOAT64, true);
                x64.attach(sub);
                return teacher.forward(x64).toDoubleArray();
            }
        });
    }

    private double[] targets(AttentionNetwork teacher, NDArray x, Random r) {
        double[] y = clean(teacher, x);
        for (int i = 0; i < y.length; i++) {
            y[i] += b.noise * r.nextGaussian();
        }
        return y;
    }

    private static double mse(DifferentiableModel model, NDArray x, double[] y) {
        double[] f = Autograd.noGrad(() -> {
            try (NDManager sub = NDManager.newBaseManager()) {
                NDArray xs = x.get(":");
                xs.attach(sub);
                return model.forward(xs).toType(DataType.FLOAT64, false).toDoubleArray();
            }
        });
        double s = 0;
        for (int i = 0; i < f.length; i++) {
            s += (f[i] - y[i]) * (f[i] - y[i]);
        }
        return s / f.length;
    }

    /** Builder: every option has a default. */
    public static final class Builder {
        private int width = 64;
        private int layers = 1;
        private int seqLength = 4;
        private int inputDim = 8;
        private int sourceSamples = 128;
        private int pretrainSteps = 200;
        private int samples = 64;
        private int testSamples = 100;
        private int kernelSamplesPerTask = 16;
        private int steps = 150;
        private double eta0 = 0.5;
        private double taskShift = 0.5;
        private double noise = 0.05;
        private double negationLambda = 1.0;
        private double[] lambdas = {0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5};
        private long seed = 1;

        private Builder() {}

        /**
         * @param width student width (NTK parameterization); default 64
         * @return this builder
         */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * @param layers student blocks; default 1
         * @return this builder
         */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * @param inputDim token dimension {@code d0}, even, split into two halves; default 8
         * @return this builder
         */
        public Builder optInputDim(int inputDim) {
            this.inputDim = inputDim;
            return this;
        }

        /**
         * @param samples training samples per task; default 64
         * @param testSamples noiseless test samples per task; default 100
         * @return this builder
         */
        public Builder optSamples(int samples, int testSamples) {
            this.samples = samples;
            this.testSamples = testSamples;
            return this;
        }

        /**
         * @param steps fine-tuning GD steps per task; default 150
         * @param eta0 learning rate (pretraining and fine-tuning); default 0.5
         * @return this builder
         */
        public Builder optFineTuning(int steps, double eta0) {
            this.steps = steps;
            this.eta0 = eta0;
            return this;
        }

        /**
         * @param steps pretraining GD steps; default 200
         * @return this builder
         */
        public Builder optPretrainSteps(int steps) {
            this.pretrainSteps = steps;
            return this;
        }

        /**
         * @param shift relative perturbation of each task teacher from the source; default 0.5
         * @return this builder
         */
        public Builder optTaskShift(double shift) {
            this.taskShift = shift;
            return this;
        }

        /**
         * @param lambdas scaling coefficients of the addition sweep
         * @return this builder
         */
        public Builder optLambdas(double... lambdas) {
            this.lambdas = lambdas.clone();
            return this;
        }

        /**
         * @param lambda negation coefficient in {@code θ_PT − λ τ}; default 1
         * @return this builder
         */
        public Builder optNegationLambda(double lambda) {
            this.negationLambda = lambda;
            return this;
        }

        /**
         * @param seed seed of initialisation and data; default 1
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates the arguments.
         *
         * @return the experiment
         */
        public TaskArithmetic build() {
            if (inputDim < 2 || inputDim % 2 != 0) {
                throw new IllegalArgumentException("inputDim: " + inputDim + ", expected even >= 2");
            }
            for (int v : new int[] {width, layers, samples, testSamples, steps, pretrainSteps}) {
                if (v < 1) {
                    throw new IllegalArgumentException(
                            "width/layers/samples/testSamples/steps/pretrainSteps: " + v
                                    + ", expected >= 1");
                }
            }
            if (!(eta0 > 0) || lambdas == null || lambdas.length == 0) {
                throw new IllegalArgumentException("eta0/lambdas: need eta0 > 0 and a lambda");
            }
            return new TaskArithmetic(this);
        }
    }
}
