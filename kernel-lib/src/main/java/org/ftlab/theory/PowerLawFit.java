package org.ftlab.theory;

/**
 * Least-squares line through {@code (log x_i, log y_i)}: {@code y ≈ C x^slope}. Used to compare
 * measured scalings with the exponents of paper 1, e.g. {@code −1/2} in width for the NTK drift
 * (eq. 17) and {@code −2β/(2β+1)} in {@code N_2} for the error rate (eq. 30).
 *
 * @param slope fitted exponent
 * @param logIntercept fitted {@code log C}
 * @param rSquared coefficient of determination of the log-log regression
 * @param points number of points
 */
public record PowerLawFit(double slope, double logIntercept, double rSquared, int points) {

    /**
     * Fits {@code log y = log C + slope · log x}.
     *
     * @param x positive abscissae, at least two distinct
     * @param y positive ordinates, same length
     * @return the fit
     */
    public static PowerLawFit fit(double[] x, double[] y) {
        if (x == null || y == null || x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("x/y: need two arrays of equal length >= 2");
        }
        int n = x.length;
        double[] lx = new double[n];
        double[] ly = new double[n];
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            if (!(x[i] > 0) || !(y[i] > 0) || Double.isInfinite(x[i]) || Double.isInfinite(y[i])) {
                throw new IllegalArgumentException(
                        "x/y: point " + i + " = (" + x[i] + ", " + y[i] + ") is not positive");
            }
            lx[i] = Math.log(x[i]);
            ly[i] = Math.log(y[i]);
            mx += lx[i] / n;
            my += ly[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (lx[i] - mx) * (lx[i] - mx);
            sxy += (lx[i] - mx) * (ly[i] - my);
            syy += (ly[i] - my) * (ly[i] - my);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("x: all abscissae are equal");
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double res = 0;
        for (int i = 0; i < n; i++) {
            double e = ly[i] - a - b * lx[i];
            res += e * e;
        }
        double r2 = syy == 0 ? 1.0 : 1 - res / syy;
        return new PowerLawFit(b, a, r2, n);
    }

    /**
     * @param x abscissa
     * @return {@code C x^slope}
     */
    public double predict(double x) {
        return Math.exp(logIntercept + slope * Math.log(x));
    }
}
