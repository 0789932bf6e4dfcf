package org.ftlab.spectrum;

import java.util.List;

/**
 * Result of {@link BetaEstimator}: the decay exponent &beta; of eq. (29) of paper 1 estimated on
 * repeated random subsamples, reported as mean &plusmn; sd like &sect;7.1 (e.g. "&beta; = 0.60
 * &plusmn; 0.0366 for SemRel").
 *
 * @param mean mean of the per-subsample &beta;
 * @param sd sample standard deviation (divisor S-1; 0 when S = 1)
 * @param fits one {@link BetaFit} per subsample, in draw order
 * @param subsampleSize m, the size of each principal submatrix
 * @param seed the seed the subsamples were drawn with
 */
public record BetaEstimate(double mean, double sd, List<BetaFit> fits, int subsampleSize, long seed) {

    public BetaEstimate {
        fits = List.copyOf(fits);
    }

    /** The per-subsample &beta; values, in draw order. */
    public double[] betas() {
        return fits.stream().mapToDouble(BetaFit::beta).toArray();
    }
}
