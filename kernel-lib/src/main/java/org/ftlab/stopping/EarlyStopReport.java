package org.ftlab.stopping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The data-dependent early-stopping rule of paper 1 (§3.5, eq. 10-11, 36) next to hold-out
 * stopping (§6.2) for one kernel and one set of residuals, as the notebook one-liner
 * {@code earlyStop(...)} shows it: the critical radius, T&#770;<sub>max</sub>,
 * T&#770;<sub>op</sub>, the hold-out stop, the matching kernel-ridge λ = 1/(ε T&#770;<sub>op</sub>)
 * and the curves over the gradient steps (training MSE, hold-out MSE, GD variance, and when the
 * true f* is known the expected risk of GD and of KRR at λ = 1/(ε t)).
 *
 * @param setting one line saying which model, data and sizes produced the kernel
 * @param rule the rule's numbers and the training-MSE/variance curves (t = 0..horizon)
 * @param sigmaEstimated true if σ was estimated as the square root of the smallest hold-out MSE
 *     along the GD path (an upper estimate of the noise level), false if given
 * @param holdOutMse hold-out MSE of kernel GD at t = 0..horizon
 * @param patience patience (steps) of the hold-out rule
 * @param holdOut where the hold-out rule stopped and its best step
 */
public record EarlyStopReport(String setting, EarlyStoppingResult rule, boolean sigmaEstimated,
    double[] holdOutMse, int patience, HoldOutStopping.Result holdOut) implements Displayable {

  /** Hold-out MSE at step t (clipped to the horizon). */
  public double holdOutMseAt(int t) {
    return holdOutMse[Math.min(Math.max(t, 0), holdOutMse.length - 1)];
  }

  @Override
  public String summaryText() {
    return String.format(Locale.ROOT, "early stopping (%s): sigma %.4g%s, eps %.4g, critical radius"
        + " %.4g, T_max %d%s, T_op %d, hold-out best step %d (patience %d), KRR lambda %.4g;"
        + " hold-out MSE at T_op %.4g, at hold-out stop %.4g, at t=0 %.4g", setting, rule.sigma(),
        sigmaEstimated ? " (estimated)" : "", rule.eta(), rule.criticalRadius(), rule.tMax(),
        rule.tMaxLimitReached() ? " (limit)" : "", rule.tOp(), holdOut.bestEpoch(), patience,
        rule.ridgeLambda(), holdOutMseAt(rule.tOp()), holdOut.bestLoss(), holdOutMse[0]);
  }

  @Override
  public String summaryHtml() {
    StringBuilder sb = new StringBuilder("<table><caption style=\"caption-side:top;text-align:left;"
        + "font-weight:bold\">Early stopping: the rule of eq. (10)-(11), (36) and hold-out "
        + "stopping</caption><tr><th>quantity</th><th>value</th></tr>");
    org.ftlab.report.HtmlTable.row(sb, "setting", setting);
    org.ftlab.report.HtmlTable.row(sb, "N (training points)", String.valueOf(rule.n()));
    org.ftlab.report.HtmlTable.row(sb, "noise sigma", fmt(rule.sigma()) + (sigmaEstimated
        ? " (estimated: sqrt of the smallest hold-out MSE; pass --sigma to set it)" : ""));
    org.ftlab.report.HtmlTable.row(sb, "step size epsilon", fmt(rule.eta()));
    org.ftlab.report.HtmlTable.row(sb, "C_H (eq. 11)", fmt(rule.cH()));
    org.ftlab.report.HtmlTable.row(sb, "critical radius rho_N (eq. 11)", fmt(rule.criticalRadius()));
    org.ftlab.report.HtmlTable.row(sb, "T_max", rule.tMax() + (rule.tMaxLimitReached() ? " (search limit reached)" : ""));
    org.ftlab.report.HtmlTable.row(sb, "T_op (eq. 36)", String.valueOf(rule.tOp()));
    org.ftlab.report.HtmlTable.row(sb, "hold-out stop: best step (patience " + patience + ")",
        holdOut.bestEpoch() + (holdOut.stopped() ? ", stopped at " + holdOut.stopEpoch()
            : ", did not stop within the horizon"));
    org.ftlab.report.HtmlTable.row(sb, "matching KRR lambda = 1/(eps T_op) (§6.2)", fmt(rule.ridgeLambda()));
    org.ftlab.report.HtmlTable.row(sb, "hold-out MSE at t = 0 / T_op / hold-out best", fmt(holdOutMse[0]) + " / "
        + fmt(holdOutMseAt(rule.tOp())) + " / " + fmt(holdOut.bestLoss()));
    RidgeComparison cmp = rule.comparison();
    if (cmp != null) {
      double[] risk = cmp.gd().risk();
      int last = risk.length - 1;
      org.ftlab.report.HtmlTable.row(sb, "expected risk (known f*) at T_op / hold-out best / oracle step " + cmp.bestT(),
          fmt(risk[Math.min(rule.tOp(), last)]) + " / " + fmt(risk[Math.min(holdOut.bestEpoch(),
              last)]) + " / " + fmt(cmp.bestGdRisk()));
      org.ftlab.report.HtmlTable.row(sb, "best KRR risk (at lambda)", fmt(cmp.bestRidgeRisk()) + " (" + fmt(cmp.bestLambda())
          + ")");
    }
    org.ftlab.report.HtmlTable.row(sb, "curves up to step", String.valueOf(rule.horizon()));
    return sb.append("</table>").toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /**
   * Curves against the step t on log axes with the three stopping steps marked, and the local
   * Rademacher complexity of eq. (10) against the radius with the critical radius of eq. (11).
   */
  @Override
  public List<Chart<?, ?>> charts() {
    List<Chart<?, ?>> out = new ArrayList<>();
    int h = rule.horizon();
    if (h >= 1) {
      double[] t = new double[h];
      double[] train = new double[h];
      double[] hold = new double[h];
      double[] var = new double[h];
      double lo = Double.POSITIVE_INFINITY;
      double hi = 0;
      for (int i = 1; i <= h; i++) {
        t[i - 1] = i;
        train[i - 1] = Math.max(rule.trainMse()[i], 1e-300);
        hold[i - 1] = holdOutMse[i];
        var[i - 1] = Math.max(rule.variance()[i], 1e-300);
        lo = Math.min(lo, Math.min(hold[i - 1], var[i - 1]));
        hi = Math.max(hi, Math.max(hold[i - 1], train[i - 1]));
      }
      lo = Math.max(lo, hi * 1e-6);
      XYChart c = Plots.logLog("Kernel GD on the residuals: errors against the step",
          "gradient step t", "mean squared error");
      c.getStyler().setYAxisMin(lo * 0.5);
      Plots.line(c, "training MSE (closed form)", t, train);
      Plots.line(c, "hold-out MSE", t, hold);
      Plots.line(c, "GD variance V_t (sigma^2 part)", t, var);
      RidgeComparison cmp = rule.comparison();
      if (cmp != null) {
        double[] risk = new double[h];
        double[] krr = new double[h];
        for (int i = 1; i <= h; i++) {
          risk[i - 1] = cmp.gd().risk()[i];
          krr[i - 1] = cmp.ridge().risk()[i];
        }
        Plots.line(c, "expected risk E||f_t - f*||^2 (known f*)", t, risk);
        Plots.line(c, "KRR risk at lambda = 1/(eps t)", t, krr);
      }
      mark(c, "T_max = " + rule.tMax(), rule.tMax(), h, lo, hi, java.awt.Color.BLACK);
      if (rule.tOp() != rule.tMax()) {
        mark(c, "T_op = " + rule.tOp(), rule.tOp(), h, lo, hi, java.awt.Color.RED);
      }
      mark(c, "hold-out best = " + holdOut.bestEpoch(), holdOut.bestEpoch(), h, lo, hi,
          java.awt.Color.GRAY);
      out.add(c);
    }
    RademacherComplexity rad = new RademacherComplexity(rule.eigenvalues());
    double rho = rule.criticalRadius();
    if (rho > 0) {
      int g = 60;
      double[] r = new double[g];
      double[] rk = new double[g];
      double[] rhs = new double[g];
      for (int i = 0; i < g; i++) {
        r[i] = rho * Math.pow(10, -2 + 3.0 * i / (g - 1));
        rk[i] = rad.value(r[i]);
        rhs[i] = r[i] * r[i] * rule.cH() * rule.cH() / (2 * Math.E * rule.sigma());
      }
      XYChart c = Plots.logLog("Eq. (10)-(11): local Rademacher complexity, critical radius",
          "radius rho", "R_K(rho) and rho^2 C_H^2 / (2 e sigma)");
      Plots.line(c, "R_K(rho), eq. (10)", r, rk);
      Plots.line(c, "rho^2 C_H^2 / (2 e sigma)", r, rhs);
      Plots.points(c, String.format(Locale.ROOT, "critical radius %.4g", rho),
          new double[] {rho}, new double[] {rad.value(rho)});
      out.add(c);
    }
    return out;
  }

  private static void mark(XYChart c, String name, int step, int h, double lo, double hi,
      java.awt.Color colour) {
    double x = Math.max(1, Math.min(step, h));
    Plots.line(c, name + (step > h ? " (beyond the horizon)" : ""), new double[] {x, x},
        new double[] {lo, hi}).setLineColor(colour);
  }

  @Override
  public String toString() {
    return summaryText();
  }
}
