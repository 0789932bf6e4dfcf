package org.ftlab.train;

import org.ftlab.report.Displayable;
import org.ftlab.util.Json;
import org.ftlab.util.RankCorrelation;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Paper 1 (Sun &amp; Raskutti), §6.3 and §7.1: the task whose NTK eigenvalues decay faster (larger β
 * of eq. 29) should reach a given error with fewer samples, eq. (30). Each {@link Agreement} ranks the
 * same tasks by β and by a learning-speed measure (larger = learns faster) and reports Spearman's ρ,
 * Kendall's τ_b ({@link RankCorrelation}) and how many task pairs are ordered alike:
 * <ul>
 *   <li>regression tasks: −(test MSE at n);</li>
 *   <li>classification tasks: test accuracy at n, and test macro-F1 at n (Figure 10);</li>
 *   <li>all tasks: the fitted rate r of error ≈ c·n^{-r} ({@link LearningCurvesResult.TaskCurve#rates}),
 *       comparable across metrics because it is scale-free.</li>
 * </ul>
 *
 * @param source where the β come from
 * @param n training-set size of the fixed-n comparisons
 * @param agreements one per scope with at least two tasks that have a β
 */
public record BetaRanking(String source, int n, List<Agreement> agreements) implements Displayable {

    /** β reported in paper 1, §7.1 (GPT-Neo, 100 samples per task). */
    public static final Map<String, Double> PAPER_BETA = Map.of("semrel", 0.60, "sts2012", 0.58, "stsb", 0.54,
            "amazon", 0.62, "mrpc", 0.55, "rte", 0.51);

    /**
     * One ranking comparison.
     *
     * @param scope which tasks
     * @param measure the learning-speed measure (larger = faster)
     * @param tasks task names
     * @param beta β per task
     * @param speed the measure per task (mean over seeds)
     * @param speedSd its sd over seeds
     * @param spearman Spearman's ρ of (β, speed)
     * @param kendall Kendall's τ_b of (β, speed)
     * @param pairsAgreeing task pairs ordered the same way by both
     * @param pairs task pairs compared
     */
    public record Agreement(String scope, String measure, List<String> tasks, double[] beta, double[] speed,
            double[] speedSd, double spearman, double kendall, int pairsAgreeing, int pairs) {}

    static BetaRanking compare(String source, Map<String, Double> beta, List<LearningCurvesResult.TaskCurve> curves,
            int n) {
        List<LearningCurvesResult.TaskCurve> withBeta = curves.stream().filter(c -> beta.containsKey(c.task()))
                .toList();
        List<Agreement> out = new ArrayList<>();
        List<LearningCurvesResult.TaskCurve> reg = withBeta.stream().filter(LearningCurvesResult.TaskCurve::regression)
                .toList();
        List<LearningCurvesResult.TaskCurve> cls = withBeta.stream().filter(c -> !c.regression()).toList();
        add(out, "regression", "-(test MSE at n=" + n + ")", reg, beta, c -> neg(c.mse()[c.indexOf(n)]));
        add(out, "classification", "test accuracy at n=" + n, cls, beta, c -> c.accuracy()[c.indexOf(n)]);
        add(out, "classification", "test macro-F1 at n=" + n, cls, beta, c -> c.macroF1()[c.indexOf(n)]);
        add(out, "all tasks", "fitted rate r (error ~ n^-r)", withBeta, beta, LearningCurvesResult.TaskCurve::rates);
        return new BetaRanking(source, n, out);
    }

    private static double[] neg(double[] v) {
        return java.util.Arrays.stream(v).map(x -> -x).toArray();
    }

    private static void add(List<Agreement> out, String scope, String measure, List<LearningCurvesResult.TaskCurve> cs,
            Map<String, Double> beta, java.util.function.Function<LearningCurvesResult.TaskCurve, double[]> perSeed) {
        if (cs.size() < 2) {
            return;
        }
        List<String> names = cs.stream().map(LearningCurvesResult.TaskCurve::task).toList();
        double[] b = cs.stream().mapToDouble(c -> beta.get(c.task())).toArray();
        double[] m = new double[cs.size()];
        double[] s = new double[cs.size()];
        for (int i = 0; i < m.length; i++) {
            double[] v = perSeed.apply(cs.get(i));
            m[i] = LearningCurvesResult.mean(v);
            s[i] = LearningCurvesResult.sd(v);
        }
        int agree = 0;
        int pairs = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                pairs++;
                if (Math.signum(b[i] - b[j]) == Math.signum(m[i] - m[j]) && b[i] != b[j]) {
                    agree++;
                }
            }
        }
        out.add(new Agreement(scope, measure, names, b, m, s, RankCorrelation.spearman(b, m),
                RankCorrelation.kendall(b, m), agree, pairs));
    }

    @Override
    public String summaryText() {
        StringBuilder sb = new StringBuilder("beta (" + source + ") vs learning speed:");
        for (Agreement a : agreements) {
            sb.append(String.format(Locale.ROOT, "%n  %s, %s: spearman %.2f, kendall %.2f, %d/%d pairs agree",
                    a.scope(), a.measure(), a.spearman(), a.kendall(), a.pairsAgreeing(), a.pairs()));
        }
        return sb.toString();
    }

    @Override
    public String summaryHtml() {
        StringBuilder h = new StringBuilder("<table><caption style=\"caption-side:top;text-align:left;"
                + "font-weight:bold\">Ranking by beta (" + source + ") vs learning speed</caption><tr><th>scope</th>"
                + "<th>speed measure</th><th>task: beta, speed ± sd</th><th>Spearman</th><th>Kendall</th>"
                + "<th>pairs agreeing</th></tr>");
        for (Agreement a : agreements) {
            StringBuilder t = new StringBuilder();
            for (int i = 0; i < a.tasks().size(); i++) {
                t.append(String.format(Locale.ROOT, "%s: %.3f, %.4g ± %.2g<br>", a.tasks().get(i), a.beta()[i],
                        a.speed()[i], a.speedSd()[i]));
            }
            h.append(String.format(Locale.ROOT,
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td><td>%.2f</td><td>%d / %d</td></tr>",
                    a.scope(), a.measure(), t, a.spearman(), a.kendall(), a.pairsAgreeing(), a.pairs()));
        }
        return h.append("</table>").toString();
    }

    @Override
    public List<Chart<?, ?>> charts() {
        return List.of();
    }

    /** @return JSON with every agreement */
    public Json toJson() {
        List<Json> list = new ArrayList<>();
        for (Agreement a : agreements) {
            list.add(Json.object().put("scope", a.scope()).put("measure", a.measure())
                    .put("tasks", String.join(",", a.tasks())).put("beta", a.beta()).put("speed", a.speed())
                    .put("speedSd", a.speedSd()).put("spearman", a.spearman()).put("kendall", a.kendall())
                    .put("pairsAgreeing", (long) a.pairsAgreeing()).put("pairs", (long) a.pairs()));
        }
        return Json.object().put("betaSource", source).put("n", (long) n).put("agreements", list);
    }
}
