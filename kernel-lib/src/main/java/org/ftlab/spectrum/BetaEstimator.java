package org.ftlab.spectrum;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Estimates the eigenvalue-decay exponent &beta; (eq. (29) of paper 1) the way &sect;7.1 and
 * appendix A.3 do: draw m of the N points without replacement, take the m&times;m principal
 * submatrix of the kernel matrix, compute its eigenvalues ({@link SymmetricEigen}), fit
 * eq. (32) ({@link BetaFit}); repeat S times and report mean &plusmn; sd.
 *
 * <p>Scaling: the submatrix of K (raw kernel / N, eq. (5)) equals the m-point kernel matrix times m/N;
 * a constant factor does not change log(&lambda;<sub>k</sub>/&lambda;<sub>1</sub>), so &beta; is
 * the same whichever normalisation the caller uses.
 *
 * <p>Draws use {@link SplittableRandom}{@code (seed)} and a partial Fisher-Yates shuffle, so the
 * same seed gives the same subsamples and the same numbers.
 *
 * <pre>{@code
 * BetaEstimate e = BetaEstimator.builder().setKernel(k).setSubsampleSize(100)
 *         .optSamples(100).optSeed(7).build().estimate();
 * }</pre>
 */
public final class BetaEstimator {

    /** Number of subsamples by default, as in paper 1 (&sect;7.1 draws 100 samples per task). */
    public static final int DEFAULT_SAMPLES = 100;

    private final double[][] kernel;
    private final int m;
    private final int samples;
    private final long seed;
    private final int kMin;
    private final int kMax;
    private final double tolerance;

    private BetaEstimator(Builder b) {
        this.kernel = b.kernel;
        this.m = b.m;
        this.samples = b.samples;
        this.seed = b.seed;
        this.kMin = b.kMin;
        this.kMax = b.kMax;
        this.tolerance = b.tolerance;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs the S subsample fits. */
    public BetaEstimate estimate() {
        int n = kernel.length;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] perm = new int[n];
        List<BetaFit> fits = new ArrayList<>(samples);
        double[][] sub = new double[m][m];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(n - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    sub[i][j] = kernel[perm[i]][perm[j]];
                }
            }
            double[] ev = SymmetricEigen.decompose(sub, false, tolerance).values();
            fits.add(kMin > 0 ? BetaFit.fit(ev, kMin, kMax) : BetaFit.fit(ev));
        }
        double mean = 0;
        for (BetaFit f : fits) {
            mean += f.beta();
        }
        mean /= samples;
        double ss = 0;
        for (BetaFit f : fits) {
            ss += (f.beta() - mean) * (f.beta() - mean);
        }
        double sd = samples > 1 ? Math.sqrt(ss / (samples - 1)) : 0.0;
        return new BetaEstimate(mean, sd, fits, m, seed);
    }

    /** Builder: required {@code setKernel}, {@code setSubsampleSize}; the rest optional. */
    public static final class Builder {
        private double[][] kernel;
        private int m = -1;
        private int samples = DEFAULT_SAMPLES;
        private long seed = 0L;
        private int kMin = -1;
        private int kMax = -1;
        private double tolerance = SymmetricEigen.DEFAULT_TOLERANCE;

        private Builder() {
        }

        /** Full N&times;N kernel matrix (symmetric PSD); not copied. */
        public Builder setKernel(double[][] kernel) {
            this.kernel = kernel;
            return this;
        }

        /** m, points per subsample, 2 &le; m &le; N (paper 1: 100). */
        public Builder setSubsampleSize(int m) {
            this.m = m;
            return this;
        }

        /** S, number of subsamples (default {@value BetaEstimator#DEFAULT_SAMPLES}). */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Seed of the subsample draws (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Rank window of every fit (1-based, inclusive, kMax &le; m). Default: each fit uses
         * {@link BetaFit#fit(double[])} (all ranks above the relative floor).
         */
        public Builder optWindow(int kMin, int kMax) {
            this.kMin = kMin;
            this.kMax = kMax;
            return this;
        }

        /** Tolerance passed to {@link SymmetricEigen#decompose}. */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** Validates and builds. */
        public BetaEstimator build() {
            int n = SymmetricEigen.requireSquareFinite(kernel, "kernel");
            if (m < 2 || m > n) {
                throw new IllegalArgumentException("subsampleSize: must be in [2, " + n
                        + "] (kernel size), got " + m);
            }
            if (samples < 1) {
                throw new IllegalArgumentException("samples: must be >= 1, got " + samples);
            }
            if (kMin != -1 || kMax != -1) {
                if (kMin < 1 || kMax <= kMin || kMax > m) {
                    throw new IllegalArgumentException("window: need 1 <= kMin < kMax <= m = " + m
                            + ", got kMin=" + kMin + ", kMax=" + kMax);
                }
            }
            if (!(tolerance >= 0 && tolerance < 1)) {
                throw new IllegalArgumentException("tolerance: must be in [0, 1), got " + tolerance);
            }
            return new BetaEstimator(this);
        }
    }
}
