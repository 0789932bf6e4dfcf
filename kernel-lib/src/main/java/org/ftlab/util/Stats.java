package org.ftlab.util;

/**
 * Mean and sample standard deviation over seeds, draws or runs: the "mean ± sd" every table of
 * both papers reports. One implementation for the whole library.
 */
public final class Stats {
    private Stats() {}

    /** @return the arithmetic mean; NaN for no values */
    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    /** @return the sample standard deviation (divisor n − 1); 0 for fewer than two values */
    public static double sampleSd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }
}
