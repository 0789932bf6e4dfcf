package org.ftlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;
import org.ftlab.model.ParameterSnapshot;

import java.util.Random;

/**
 * Seeded synthetic regression tasks in the form of eq. (1) of paper 1: inputs {@code X ∈ R^{T×d0}}
 * with i.i.d. {@code N(0,1)} entries, targets {@code Y = f(X) + σ w}, {@code w ~ N(0,1)}. A source
 * task (for pretraining {@code f_PT} from Gaussian initialisation, Assumption 4.7) and a related
 * target task (for fine-tuning) come from a teacher network and a perturbed copy of it ({@link
 * #relatedTeacher}); {@link #smooth} gives a teacher-free smooth function.
 */
public final class SyntheticTasks {

    private SyntheticTasks() {}

    /**
     * Targets from a teacher network: {@code Y_i = teacher(X_i) + σ w_i}.
     *
     * @param teacher the function {@code f} (any {@link DifferentiableModel} taking {@code [N, T,
     *     d0]})
     * @param n number of samples
     * @param seqLength {@code T}
     * @param inputDim {@code d0}
     * @param noiseSigma {@code σ >= 0}
     * @param seed seed of inputs and noise
     * @return the data
     */
    public static RegressionData teacher(
            DifferentiableModel teacher,
            int n,
            int seqLength,
            int inputDim,
            double noiseSigma,
            long seed) {
        check(n, seqLength, inputDim, noiseSigma);
        Random r = new Random(seed);
        double[] x = gaussian(r, n * seqLength * inputDim);
        double[] clean = new double[n];
        DataType type = teacher.parameters().get(0).array().getDataType();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xa = new RegressionData(x, seqLength, inputDim, clean, clean)
                    .inputArray(m, type);
            double[] f = Autograd.noGrad(() -> teacher.forward(xa)
                    .toType(DataType.FLOAT64, false).toDoubleArray());
            System.arraycopy(f, 0, clean, 0, n);
        }
        return new RegressionData(x, seqLength, inputDim, noisy(clean, noiseSigma, r), clean);
    }

    /**
     * A smooth teacher-free target: with unit vectors {@code u, v ∈ R^{d0}} drawn from {@code
     * functionSeed}, {@code f(X) = sin(2 <u, mean_t X_t>) + tanh(<v, X_1>) / 2}.
     *
     * @param n number of samples
     * @param seqLength {@code T}
     * @param inputDim {@code d0}
     * @param noiseSigma {@code σ >= 0}
     * @param functionSeed seed of {@code u, v} (fixes the task)
     * @param seed seed of inputs and noise (fixes the sample)
     * @return the data
     */
    public static RegressionData smooth(
            int n, int seqLength, int inputDim, double noiseSigma, long functionSeed, long seed) {
        check(n, seqLength, inputDim, noiseSigma);
        Random fr = new Random(functionSeed);
        double[] u = unit(gaussian(fr, inputDim));
        double[] v = unit(gaussian(fr, inputDim));
        Random r = new Random(seed);
        double[] x = gaussian(r, n * seqLength * inputDim);
        double[] clean = new double[n];
        int row = seqLength * inputDim;
        for (int i = 0; i < n; i++) {
            double a = 0;
            double b = 0;
            for (int t = 0; t < seqLength; t++) {
                for (int j = 0; j < inputDim; j++) {
                    double xv = x[i * row + t * inputDim + j];
                    a += u[j] * xv / seqLength;
                    if (t == 0) {
                        b += v[j] * xv;
                    }
                }
            }
            clean[i] = Math.sin(2 * a) + 0.5 * Math.tanh(b);
        }
        return new RegressionData(x, seqLength, inputDim, noisy(clean, noiseSigma, r), clean);
    }

    /**
     * A target-task teacher close to a source-task teacher: a copy whose every parameter tensor
     * {@code W} becomes {@code W + δ · rms(W) · ξ}, {@code ξ} i.i.d. {@code N(0,1)} from {@code
     * seed}. Small {@code δ} makes {@code f_PT − f_tgt} small (Assumption 4.1 in spirit).
     *
     * @param source the source teacher (unchanged)
     * @param relativeShift {@code δ >= 0}
     * @param seed seed of {@code ξ}
     * @return a new network (close it)
     */
    public static AttentionNetwork relatedTeacher(
            AttentionNetwork source, double relativeShift, long seed) {
        if (!(relativeShift >= 0) || Double.isInfinite(relativeShift)) {
            throw new IllegalArgumentException(
                    "relativeShift: " + relativeShift + ", expected finite >= 0");
        }
        AttentionNetwork copy = source.copy();
        ParameterSnapshot values = ParameterSnapshot.of(copy);
        Random r = new Random(seed);
        for (NamedParameter p : copy.parameters()) {
            NDArray a = p.array();
            double[] w = values.values(p.name());
            double ss = 0;
            for (double v : w) {
                ss += v * v;
            }
            double scale = relativeShift * Math.sqrt(ss / w.length);
            for (int i = 0; i < w.length; i++) {
                w[i] += scale * r.nextGaussian();
            }
            try (NDManager tmp = a.getManager().newSubManager()) {
                Autograd.assign(a, tmp.create(w, a.getShape()));
            }
        }
        return copy;
    }

    private static void check(int n, int t, int d0, double sigma) {
        if (n < 1 || t < 1 || d0 < 1) {
            throw new IllegalArgumentException(
                    "n/seqLength/inputDim: " + n + "/" + t + "/" + d0 + ", expected >= 1");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noiseSigma: " + sigma + ", expected finite >= 0");
        }
    }

    private static double[] gaussian(Random r, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    private static double[] unit(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double norm = Math.sqrt(s);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }

    private static double[] noisy(double[] clean, double sigma, Random r) {
        double[] y = new double[clean.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = clean[i] + sigma * r.nextGaussian();
        }
        return y;
    }
}
