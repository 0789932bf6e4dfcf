package org.ftlab.train;

/**
 * Test metrics of {@link EncoderFineTuner}: mean squared error for regression, accuracy and macro-F1
 * for classification.
 */
final class Metrics {
    private Metrics() {}

    /** {@code (1/n) Σ (p_i - y_i)^2}. */
    static double mse(double[] predicted, double[] target) {
        check(predicted.length, target.length);
        double s = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - target[i];
            s += d * d;
        }
        return s / predicted.length;
    }

    /** Fraction of {@code predicted[i] == gold[i]}. */
    static double accuracy(int[] predicted, int[] gold) {
        check(predicted.length, gold.length);
        int ok = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == gold[i]) {
                ok++;
            }
        }
        return (double) ok / predicted.length;
    }

    /**
     * Unweighted mean over all {@code classes} labels of {@code F1_c = 2 TP_c / (2 TP_c + FP_c + FN_c)},
     * with {@code F1_c = 0} when the denominator is 0 (a class neither present nor predicted).
     */
    static double macroF1(int[] predicted, int[] gold, int classes) {
        check(predicted.length, gold.length);
        long[] tp = new long[classes];
        long[] fp = new long[classes];
        long[] fn = new long[classes];
        for (int i = 0; i < predicted.length; i++) {
            int p = predicted[i];
            int g = gold[i];
            if (p < 0 || p >= classes || g < 0 || g >= classes) {
                throw new IllegalArgumentException("label out of [0, " + classes + "): predicted " + p
                        + ", gold " + g + " at row " + i);
            }
            if (p == g) {
                tp[p]++;
            } else {
                fp[p]++;
                fn[g]++;
            }
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            long den = 2 * tp[c] + fp[c] + fn[c];
            sum += den == 0 ? 0 : 2.0 * tp[c] / den;
        }
        return sum / classes;
    }

    private static void check(int a, int b) {
        if (a != b || a == 0) {
            throw new IllegalArgumentException("predictions (" + a + ") and targets (" + b
                    + ") must have the same, non-zero length");
        }
    }
}
