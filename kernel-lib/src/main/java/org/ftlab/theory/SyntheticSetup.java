package org.ftlab.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.AttentionNetwork.Parameterization;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.train.RegressionData;
import org.ftlab.train.SyntheticTasks;
import org.ftlab.train.Trainer;

/**
 * Options shared by the synthetic experiments of this package, and the pipeline they run: a
 * teacher network defines the source task, a perturbed copy ({@link
 * SyntheticTasks#relatedTeacher}) the target task; the student {@code f_PT} is pretrained from
 * Gaussian initialisation on the source sample (Assumption 4.7) and then fine-tuned on the
 * target.
 *
 * <p>Learning rate: with {@link Parameterization#NTK} (default) the step is {@code ε = η0}; with
 * {@link Parameterization#STANDARD} it is {@code ε = η0/n} (Theorem 3's {@code ε = O(1/n)}),
 * and kernels are reported divided by {@code n} (eq. 37), so both parameterizations put {@code
 * K} and {@code ε K} on a width-independent scale.
 *
 * @param <B> the concrete builder
 */
public abstract class SyntheticSetup<B extends SyntheticSetup<B>> {

    int layers = 2;
    int heads = 2;
    int seqLength = 4;
    int inputDim = 4;
    Parameterization parameterization = Parameterization.NTK;
    DataType dataType = DataType.FLOAT32;
    double taskShift = 0.3;
    double noise = 0.1;
    int sourceSamples = 128;
    int pretrainSteps = 200;
    double pretrainRate = 0.5;
    double learningRate = 0.5;
    long[] seeds = {1, 2};
    double teacherScale = 1.0;

    SyntheticSetup() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param layers attention blocks {@code L} of the student; default 2
     * @return this builder
     */
    public B optLayers(int layers) {
        this.layers = layers;
        return self();
    }

    /**
     * @param heads heads per block; default 2
     * @return this builder
     */
    public B optHeads(int heads) {
        this.heads = heads;
        return self();
    }

    /**
     * @param seqLength tokens {@code T}; default 4
     * @return this builder
     */
    public B optSeqLength(int seqLength) {
        this.seqLength = seqLength;
        return self();
    }

    /**
     * @param inputDim token dimension {@code d0}; default 4
     * @return this builder
     */
    public B optInputDim(int inputDim) {
        this.inputDim = inputDim;
        return self();
    }

    /**
     * @param p NTK (default; {@code ε = η0}) or STANDARD ({@code ε = η0/n}, {@code K/n})
     * @return this builder
     */
    public B optParameterization(Parameterization p) {
        this.parameterization = p;
        return self();
    }

    /**
     * @param type FLOAT32 (default) or FLOAT64
     * @return this builder
     */
    public B optDataType(DataType type) {
        this.dataType = type;
        return self();
    }

    /**
     * @param shift relative perturbation {@code δ} of the target teacher; default 0.3
     * @return this builder
     */
    public B optTaskShift(double shift) {
        this.taskShift = shift;
        return self();
    }

    /**
     * @param sigma label noise {@code σ} of eq. (1); default 0.1
     * @return this builder
     */
    public B optNoise(double sigma) {
        this.noise = sigma;
        return self();
    }

    /**
     * @param scale {@code σ_out} of the teacher's readout (size of the targets); default 1
     * @return this builder
     */
    public B optTeacherScale(double scale) {
        this.teacherScale = scale;
        return self();
    }

    /**
     * @param n source-task sample size for pretraining; default 128
     * @return this builder
     */
    public B optSourceSamples(int n) {
        this.sourceSamples = n;
        return self();
    }

    /**
     * @param steps full-batch GD steps of pretraining; default 200
     * @param eta0 pretraining {@code η0}; default 0.5
     * @return this builder
     */
    public B optPretraining(int steps, double eta0) {
        this.pretrainSteps = steps;
        this.pretrainRate = eta0;
        return self();
    }

    /**
     * @param eta0 fine-tuning {@code η0} (see the class comment); default 0.5
     * @return this builder
     */
    public B optLearningRate(double eta0) {
        this.learningRate = eta0;
        return self();
    }

    /**
     * @param seeds one run per seed (teacher, data and initialisation); default {1, 2}
     * @return this builder
     */
    public B optSeeds(long... seeds) {
        this.seeds = seeds.clone();
        return self();
    }

    void validateSetup() {
        positive("layers", layers);
        positive("heads", heads);
        positive("seqLength", seqLength);
        positive("inputDim", inputDim);
        positive("sourceSamples", sourceSamples);
        if (pretrainSteps < 0) {
            throw new IllegalArgumentException("pretrainSteps: " + pretrainSteps + ", expected >= 0");
        }
        if (!(learningRate >= 0) || !(pretrainRate >= 0)) {
            throw new IllegalArgumentException("eta0: expected >= 0");
        }
        if (seeds == null || seeds.length == 0) {
            throw new IllegalArgumentException("seeds: need at least one");
        }
        if (!(noise >= 0) || !(taskShift >= 0)) {
            throw new IllegalArgumentException("noise/taskShift: expected >= 0");
        }
    }

    static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + ": " + v + ", expected > 0");
        }
    }

    /** Student architecture at a width. */
    AttentionNetwork student(int width, int blocks, long seed) {
        return AttentionNetwork.builder().setWidth(width).setHeads(heads).setLayers(blocks)
                .setSeqLength(seqLength).setInputDim(inputDim)
                .optParameterization(parameterization).optDataType(dataType).optSeed(seed)
                .build();
    }

    /** Step size {@code ε} at width {@code n}. */
    double rate(double eta0, int width) {
        return parameterization == Parameterization.NTK ? eta0 : eta0 / width;
    }

    /** Kernel normalisation of eq. (37). */
    double kernelNorm(int width) {
        return parameterization == Parameterization.NTK ? 1.0 : width;
    }

    /** Source and target teachers for one seed. */
    final class Teachers implements AutoCloseable {
        final AttentionNetwork source;
        final AttentionNetwork target;

        Teachers(long seed) {
            source = AttentionNetwork.builder().setWidth(8).setHeads(2).setLayers(1)
                    .setSeqLength(seqLength).setInputDim(inputDim).optSigmaOut(teacherScale)
                    .optDataType(DataType.FLOAT64).optSeed(1000 + seed).build();
            target = SyntheticTasks.relatedTeacher(source, taskShift, 2000 + seed);
        }

        RegressionData sourceData(long seed) {
            return SyntheticTasks.teacher(source, sourceSamples, seqLength, inputDim, noise,
                    3000 + seed);
        }

        RegressionData targetData(int n, long seed) {
            return SyntheticTasks.teacher(target, n, seqLength, inputDim, noise, 4000 + seed);
        }

        @Override
        public void close() {
            source.close();
            target.close();
        }
    }

    /** Pretrains {@code net} on the source sample (full-batch GD). */
    void pretrain(AttentionNetwork net, RegressionData src, NDManager m) {
        if (pretrainSteps == 0) {
            return;
        }
        NDArray x = src.inputArray(m, dataType);
        Trainer.builder().setModel(net).setTrainingData(x, src.targets())
                .setLearningRate(rate(pretrainRate, net.width())).setSteps(pretrainSteps)
                .optEvaluateEvery(pretrainSteps).build().train();
        x.close();
    }

    /** {@code (1/N) Σ (f(x_i) − y_i)²}. */
    static double mse(DifferentiableModel model, NDArray x, double[] y) {
        double[] f = Linearisation.outputs(model, x);
        double s = 0;
        for (int i = 0; i < f.length; i++) {
            s += (f[i] - y[i]) * (f[i] - y[i]);
        }
        return s / f.length;
    }

    static double mean(double[] v) {
        return org.ftlab.util.Stats.mean(v);
    }

    static double sd(double[] v) {
        return org.ftlab.util.Stats.sampleSd(v);
    }

    static double geoMean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.log(x);
        }
        return Math.exp(s / v.length);
    }
}
