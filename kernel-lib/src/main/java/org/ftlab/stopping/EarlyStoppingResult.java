package org.ftlab.stopping;

/**
 * Everything {@link EarlyStopping} computes for one kernel matrix and label vector: the critical
 * radius (eq. (11) of paper 1), the stopping times T&#770;<sub>max</sub> and T&#770;<sub>op</sub>
 * (eq. (36)), the matching ridge parameter (eq. (27)) and risk curves.
 *
 * @param n N, number of training points
 * @param sigma noise level &sigma;
 * @param cH C<sub>H</sub> = ||f<sub>PT</sub> - f<sub>tgt</sub>||<sub>H</sub> used in eq. (11)
 * @param c constant C of eq. (35)-(36)
 * @param eta constant GD step &epsilon; (&eta;<sub>t</sub> = &epsilon;t)
 * @param etaCritical 2/(&lambda;<sub>min</sub> + &lambda;<sub>max</sub>) of appendix B.2
 *     (+&infin; for a zero matrix)
 * @param criticalRadius &rho;&#770;<sub>N</sub>, eq. (11) (0 for an all-zero spectrum)
 * @param tMax T&#770;<sub>max</sub> (equals tLimit when {@code tMaxLimitReached})
 * @param tMaxLimitReached true if the rule did not stop within tLimit steps
 * @param tLimit largest step examined
 * @param tOp T&#770;<sub>op</sub>, eq. (36)
 * @param ridgeLambda KRR parameter matching T&#770;<sub>op</sub>: 1/(&epsilon;T&#770;<sub>op</sub>)
 *     (+&infin; if T&#770;<sub>op</sub> = 0)
 * @param eigenvalues eigenvalues of K, descending
 * @param horizon last step of the curves (0: no curves computed)
 * @param trainMse (1/N)||y - f<sub>t</sub>||&sup2;, t = 0..horizon (empty if horizon = 0)
 * @param variance GD variance V<sub>t</sub>, t = 0..horizon (empty if horizon = 0)
 * @param comparison GD vs KRR risk curves; null unless the true f* was given
 */
public record EarlyStoppingResult(int n, double sigma, double cH, double c, double eta, double etaCritical,
        double criticalRadius, int tMax, boolean tMaxLimitReached, int tLimit, int tOp, double ridgeLambda,
        double[] eigenvalues, int horizon, double[] trainMse, double[] variance, RidgeComparison comparison) {

    /** JSON with every field including the curves; see {@link #toJson(boolean)}. */
    public String toJson() {
        return toJson(true);
    }

    /**
     * Hand-written JSON. Numbers use {@link Double#toString(double)} (full precision, round-trips);
     * NaN and infinities, which JSON cannot hold, are written as {@code null}.
     *
     * @param includeCurves whether to include eigenvalues and the per-step curves
     */
    public String toJson(boolean includeCurves) {
        StringBuilder sb = new StringBuilder(256);
        sb.append('{');
        field(sb, "n").append(n);
        field(sb, "sigma").append(num(sigma));
        field(sb, "cH").append(num(cH));
        field(sb, "C").append(num(c));
        field(sb, "eta").append(num(eta));
        field(sb, "etaCritical").append(num(etaCritical));
        field(sb, "criticalRadius").append(num(criticalRadius));
        field(sb, "tMax").append(tMax);
        field(sb, "tMaxLimitReached").append(tMaxLimitReached);
        field(sb, "tLimit").append(tLimit);
        field(sb, "tOp").append(tOp);
        field(sb, "ridgeLambda").append(num(ridgeLambda));
        if (comparison != null) {
            field(sb, "bestGdT").append(comparison.bestT());
            field(sb, "bestGdRisk").append(num(comparison.bestGdRisk()));
            field(sb, "bestRidgeLambda").append(num(comparison.bestLambda()));
            field(sb, "bestRidgeRisk").append(num(comparison.bestRidgeRisk()));
        }
        if (includeCurves) {
            field(sb, "horizon").append(horizon);
            array(field(sb, "eigenvalues"), eigenvalues);
            array(field(sb, "trainMse"), trainMse);
            array(field(sb, "variance"), variance);
            if (comparison != null) {
                array(field(sb, "gdBias2"), comparison.gd().bias2());
                array(field(sb, "gdRisk"), comparison.gd().risk());
                array(field(sb, "ridgeLambdas"), comparison.lambdas());
                array(field(sb, "ridgeRisk"), comparison.ridge().risk());
            }
        }
        return sb.append('}').toString();
    }

    private static StringBuilder field(StringBuilder sb, String name) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        return sb.append('"').append(name).append("\":");
    }

    private static void array(StringBuilder sb, double[] v) {
        sb.append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(num(v[i]));
        }
        sb.append(']');
    }

    static String num(double x) {
        return Double.isFinite(x) ? Double.toString(x) : "null";
    }
}
