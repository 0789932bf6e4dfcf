package org.ftlab.util;

import java.util.Arrays;

/**
 * Rank agreement of two orderings of the same items: Spearman's ρ (Pearson correlation of the ranks,
 * ties get their average rank) and Kendall's τ_b ({@code (C − D)/sqrt((n0 − n1)(n0 − n2))} with
 * {@code n0 = n(n−1)/2} and {@code n1}, {@code n2} the tied pairs of each list). Used to compare the
 * ranking of tasks by the NTK decay exponent β with their ranking by learning speed (paper 1, §6.3
 * and §7.1). Both are NaN when one list is constant.
 */
public final class RankCorrelation {
    private RankCorrelation() {}

    /**
     * Ranks 1..n, ties share the mean of the ranks they span.
     *
     * @param x values
     * @return ranks ({@code x[i]} smallest gets 1)
     */
    public static double[] ranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * Spearman's ρ.
     *
     * @param x first values
     * @param y second values, same length &ge; 2
     * @return ρ in [−1, 1], NaN if either list is constant
     */
    public static double spearman(double[] x, double[] y) {
        check(x, y);
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = mean(rx);
        double my = mean(ry);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /**
     * Kendall's τ_b.
     *
     * @param x first values
     * @param y second values, same length &ge; 2
     * @return τ_b in [−1, 1], NaN if either list is constant
     */
    public static double kendall(double[] x, double[] y) {
        check(x, y);
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        int n = x.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int a = Double.compare(x[i], x[j]);
                int b = Double.compare(y[i], y[j]);
                if (a == 0) {
                    tiesX++;
                }
                if (b == 0) {
                    tiesY++;
                }
                if (a != 0 && b != 0) {
                    if (a == b) {
                        concordant++;
                    } else {
                        discordant++;
                    }
                }
            }
        }
        long n0 = (long) n * (n - 1) / 2;
        double den = Math.sqrt((double) (n0 - tiesX) * (n0 - tiesY));
        return den == 0 ? Double.NaN : (concordant - discordant) / den;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("x, y: need the same length >= 2, got " + x.length + " and "
                    + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("x, y: entry " + i + " is not finite (" + x[i] + ", " + y[i] + ")");
            }
        }
    }
}
