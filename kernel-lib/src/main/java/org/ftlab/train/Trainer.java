package org.ftlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;
import org.ftlab.model.ParameterSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Gradient descent on the squared loss {@code L(θ) = (1/2|B|) Σ_{i∈B} (f(θ, x_i) − y_i)²}, with
 * {@code B} the whole training set (full-batch gradient descent, the setting of paper 1: {@code
 * θ_{τ+1} = θ_τ − ε ∇L(θ_τ)}, learning rate {@code ε = O(1/d)} in Theorem 1) or minibatches of a
 * seeded random permutation per epoch (SGD). With this normalisation the linearised dynamics
 * around {@code θ_τ} (Lemma 1, eq. 18) read {@code f_{τ+1} ≈ f_τ − ε K_τ (f_τ − y)} with {@code
 * K_τ = J J^T / N} of eq. (7).
 *
 * <p>Optional hold-out early stopping: the validation MSE is evaluated every {@code evaluateEvery}
 * updates; training stops once it has not improved for {@code patience} evaluations, and (by
 * default) the parameters are reset to the best iterate. A parameter subset can be trained with
 * the rest frozen, e.g. only the head for linear probing (Remark 5.1), or the head and the
 * backbone after {@code AttentionNetwork.withNewHead} (§5.1).
 *
 * <p>Losses reported in {@link TrainingHistory} are mean squared errors {@code (1/N) Σ r_i²}
 * (twice {@code L}).
 */
public final class Trainer {

    private static final int EVAL_BATCH = 256;

    private final Builder b;

    private Trainer(Builder b) {
        this.b = b;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the optimisation, updating the model's parameters in place.
     *
     * @return the loss history
     */
    public TrainingHistory train() {
        return Autograd.withIntraOpThreads(b.threads, this::run);
    }

    private TrainingHistory run() {
        long start = System.nanoTime();
        DifferentiableModel model = b.model;
        List<NamedParameter> trainable = new ArrayList<>();
        List<NamedParameter> switchedOff = new ArrayList<>();
        for (NamedParameter p : model.parameters()) {
            if (b.trainable.test(p.name())) {
                trainable.add(p);
            }
        }
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException(
                    "trainableParameters: the selection matches no parameter");
        }
        DataType type = trainable.get(0).array().getDataType();
        int n = b.y.length;
        int batch = b.batchSize <= 0 ? n : Math.min(b.batchSize, n);
        boolean fullBatch = batch == n;
        boolean hasVal = b.xVal != null;
        int patience = b.patience;

        List<Integer> steps = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        TreeMap<Integer, ParameterSnapshot> snapshots = new TreeMap<>();
        double best = Double.POSITIVE_INFINITY;
        int bestStep = -1;
        ParameterSnapshot bestSnapshot = null;
        boolean stoppedEarly = false;
        int step = 0;
        Random rnd = new Random(b.seed);
        int[] order = null;
        int cursor = n;
        try (NDManager work = NDManager.newBaseManager()) {
            for (NamedParameter p : model.parameters()) {
                if (!b.trainable.test(p.name()) && p.array().hasGradient()) {
                    p.array().setRequiresGradient(false);
                    switchedOff.add(p);
                }
            }
            NDArray yTrain = work.create(b.y).toType(type, false);
            NDArray yVal = hasVal ? work.create(b.yVal).toType(type, false) : null;
            for (step = 0; ; step++) {
                org.ftlab.util.Progress.checkInterrupted("training");
                boolean last = step == b.steps;
                boolean evaluate = step % b.evaluateEvery == 0 || last;
                try (NDManager sub = work.newSubManager()) {
                    double batchLoss = Double.NaN;
                    if (!last) {
                        NDArray xb;
                        NDArray yb;
                        if (fullBatch) {
                            xb = b.x.get(new NDIndex(":"));
                            yb = yTrain;
                        } else {
                            if (order == null || cursor >= n) {
                                order = permutation(rnd, n);
                                cursor = 0;
                            }
                            int to = Math.min(n, cursor + batch);
                            long[] idx = new long[to - cursor];
                            for (int i = 0; i < idx.length; i++) {
                                idx[i] = order[cursor + i];
                            }
                            cursor = to;
                            NDArray index = sub.create(idx);
                            xb = b.x.get(index);
                            yb = yTrain.get(index);
                        }
                        xb.attach(sub);
                        if (yb != yTrain) {
                            yb.attach(sub);
                        }
                        batchLoss = gradient(model, trainable, xb, yb);
                    }
                    if (evaluate) {
                        double tr = fullBatch && !last ? batchLoss : mse(model, b.x, yTrain, sub);
                        double va = hasVal ? mse(model, b.xVal, yVal, sub) : Double.NaN;
                        steps.add(step);
                        trainLoss.add(tr);
                        valLoss.add(va);
                        if (b.listener != null) {
                            b.listener.onEvaluation(step, tr, va);
                        }
                        if (hasVal) {
                            if (va < best) {
                                best = va;
                                bestStep = step;
                                if (patience > 0 && b.restoreBest) {
                                    bestSnapshot = ParameterSnapshot.of(model);
                                }
                            } else if (patience > 0
                                    && (step - bestStep) >= (long) patience * b.evaluateEvery) {
                                stoppedEarly = !last;
                            }
                        }
                    }
                    if (b.snapshotEvery > 0 && (step % b.snapshotEvery == 0 || last
                            || stoppedEarly)) {
                        snapshots.put(step, ParameterSnapshot.of(model));
                    }
                    if (last || stoppedEarly) {
                        break;
                    }
                    update(trainable, b.learningRate, sub);
                }
            }
        } finally {
            for (NamedParameter p : switchedOff) {
                p.array().setRequiresGradient(true);
            }
        }
        boolean restored = false;
        if (bestSnapshot != null && bestStep != step) {
            bestSnapshot.restore(model);
            restored = true;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainingHistory(
                steps.stream().mapToInt(Integer::intValue).toArray(),
                trainLoss.stream().mapToDouble(Double::doubleValue).toArray(),
                valLoss.stream().mapToDouble(Double::doubleValue).toArray(),
                step, bestStep, stoppedEarly, restored, snapshots, seconds);
    }

    /** Forward and backward pass of {@code L} on a batch; returns the batch MSE. */
    private static double gradient(
            DifferentiableModel model, List<NamedParameter> trainable, NDArray x, NDArray y) {
        Autograd.zeroGradients(trainable);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray r = model.forward(x).sub(y);
            NDArray mse = r.square().mean();
            gc.backward(Autograd.mul(mse, 0.5));
            return scalar(mse);
        }
    }

    /** {@code θ ← θ − ε ∇L}, in place, outside autograd. */
    private static void update(List<NamedParameter> trainable, double lr, NDManager sub) {
        Autograd.noGrad(
                () -> {
                    for (NamedParameter p : trainable) {
                        NDArray g = p.array().getGradient();
                        g.attach(sub);
                        p.array().subi(g.mul(lr));
                    }
                });
    }

    /** Mean squared error over a data set, in chunks, without recording a graph. */
    static double mse(DifferentiableModel model, NDArray x, NDArray y, NDManager m) {
        int n = (int) x.getShape().get(0);
        return Autograd.noGrad(
                () -> {
                    double sum = 0;
                    for (int s = 0; s < n; s += EVAL_BATCH) {
                        int e = Math.min(n, s + EVAL_BATCH);
                        try (NDManager sub = m.newSubManager()) {
                            NDArray xb = x.get(new NDIndex("{}:{}", s, e));
                            xb.attach(sub);
                            NDArray yb = y.get(new NDIndex("{}:{}", s, e));
                            yb.attach(sub);
                            sum += scalar(model.forward(xb).sub(yb).square().sum());
                        }
                    }
                    return sum / n;
                });
    }

    private static double scalar(NDArray a) {
        return a.toType(DataType.FLOAT64, false).getDouble();
    }

    /** Fisher-Yates permutation of {@code 0..n-1} drawn from {@code rnd}. */
    static int[] permutation(Random rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Builder: required {@code setX}, optional {@code optX}, validation in {@link #build()}. */
    public static final class Builder {
        private DifferentiableModel model;
        private NDArray x;
        private double[] y;
        private NDArray xVal;
        private double[] yVal;
        private double learningRate = Double.NaN;
        private int steps = -1;
        private int epochs = -1;
        private int batchSize;
        private int patience;
        private boolean restoreBest = true;
        private int evaluateEvery = 1;
        private int snapshotEvery;
        private Predicate<String> trainable = name -> true;
        private long seed;
        private TrainingListener listener;
        private int threads = 1;

        private Builder() {}

        /**
         * @param model the network, trained in place
         * @return this builder
         */
        public Builder setModel(DifferentiableModel model) {
            this.model = model;
            return this;
        }

        /**
         * @param x training inputs {@code [N, ...]} (not closed)
         * @param y training targets, length {@code N}
         * @return this builder
         */
        public Builder setTrainingData(NDArray x, double[] y) {
            this.x = x;
            this.y = y == null ? null : y.clone();
            return this;
        }

        /**
         * @param learningRate {@code ε > 0}
         * @return this builder
         */
        public Builder setLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * @param steps number of parameter updates (set this or {@link #optEpochs})
         * @return this builder
         */
        public Builder setSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * @param epochs passes over the training set, i.e. {@code epochs·ceil(N/batch)} steps
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * @param batchSize minibatch size; default (0) the whole set: full-batch GD
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param x hold-out inputs (not closed)
         * @param y hold-out targets
         * @return this builder
         */
        public Builder optValidationData(NDArray x, double[] y) {
            this.xVal = x;
            this.yVal = y == null ? null : y.clone();
            return this;
        }

        /**
         * @param patience stop after this many evaluations without a lower hold-out loss; 0
         *     (default) never stops early. Requires validation data.
         * @return this builder
         */
        public Builder optEarlyStopping(int patience) {
            this.patience = patience;
            return this;
        }

        /**
         * @param restoreBest with early stopping on, end with the parameters of the best hold-out
         *     iterate; default true
         * @return this builder
         */
        public Builder optRestoreBest(boolean restoreBest) {
            this.restoreBest = restoreBest;
            return this;
        }

        /**
         * @param every evaluate losses every this many updates; default 1
         * @return this builder
         */
        public Builder optEvaluateEvery(int every) {
            this.evaluateEvery = every;
            return this;
        }

        /**
         * @param every keep a {@link ParameterSnapshot} every this many updates; default none
         * @return this builder
         */
        public Builder optSnapshotEvery(int every) {
            this.snapshotEvery = every;
            return this;
        }

        /**
         * @param selection parameters to train (others frozen); default all
         * @return this builder
         */
        public Builder optTrainableParameters(Predicate<String> selection) {
            this.trainable = Objects.requireNonNull(selection, "selection");
            return this;
        }

        /**
         * @param seed seed of the minibatch permutations; default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param listener receives losses at each evaluation
         * @return this builder
         */
        public Builder optListener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * @param threads PyTorch intra-op threads while training (restored); default 1, 0 = keep
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Validates the arguments.
         *
         * @return the trainer
         */
        public Trainer build() {
            if (model == null) {
                throw new IllegalArgumentException("model: required, call setModel(...)");
            }
            if (x == null || y == null) {
                throw new IllegalArgumentException(
                        "trainingData: required, call setTrainingData(x, y)");
            }
            checkData("trainingData", x, y);
            if (xVal != null || yVal != null) {
                if (xVal == null || yVal == null) {
                    throw new IllegalArgumentException("validationData: x and y both required");
                }
                checkData("validationData", xVal, yVal);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException(
                        "learningRate: " + learningRate + ", expected finite > 0");
            }
            if (batchSize < 0) {
                throw new IllegalArgumentException("batchSize: " + batchSize + ", expected >= 0");
            }
            if (epochs >= 0 && steps >= 0) {
                throw new IllegalArgumentException("steps: set either setSteps or optEpochs");
            }
            if (epochs >= 0) {
                int bs = batchSize <= 0 ? y.length : Math.min(batchSize, y.length);
                steps = Math.multiplyExact(epochs, (y.length + bs - 1) / bs);
            }
            if (steps < 0) {
                throw new IllegalArgumentException(
                        "steps: required, call setSteps(int >= 0) or optEpochs(int >= 0)");
            }
            if (evaluateEvery < 1) {
                throw new IllegalArgumentException(
                        "evaluateEvery: " + evaluateEvery + ", expected >= 1");
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience: " + patience + ", expected >= 0");
            }
            if (patience > 0 && xVal == null) {
                throw new IllegalArgumentException(
                        "patience: early stopping needs optValidationData(x, y)");
            }
            if (snapshotEvery < 0) {
                throw new IllegalArgumentException(
                        "snapshotEvery: " + snapshotEvery + ", expected >= 0");
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads: " + threads + ", expected >= 0");
            }
            return new Trainer(this);
        }

        private static void checkData(String name, NDArray x, double[] y) {
            Shape s = x.getShape();
            if (s.dimension() < 1 || s.get(0) != y.length || y.length == 0) {
                throw new IllegalArgumentException(
                        name + ": x has shape " + s + " but y has length " + y.length);
            }
        }
    }
}
