package org.ftlab.stability;

import java.util.List;
import java.util.Locale;
import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Normalised gaps between the loss and its Taylor expansions around {@code w*} (paper 2, App.
 * A.8, eq. 17, Figure 11), per perturbation ratio {@code p}.
 *
 * @param perturbations the ratios {@code p}
 * @param meanGap mean over repeats of {@code |f̂(w) − f(w)| / |f(w)|}, second order (eq. 17)
 * @param sdGap sample sd of the same (0 with one repeat)
 * @param meanFirstOrderGap the same for {@code f(w*) + ∇f(w*)ᵀ(w − w*)}
 * @param sdFirstOrderGap its sample sd
 * @param repeats draws of {@code U} per ratio
 * @param parameterCount number of perturbed scalar parameters
 * @param lossAtOptimum {@code f(w*)}
 */
public record TaylorValidityResult(double[] perturbations, double[] meanGap, double[] sdGap,
    double[] meanFirstOrderGap, double[] sdFirstOrderGap, int repeats, long parameterCount,
    double lossAtOptimum) implements Displayable {

  /** Smallest value drawn on the log axis (an exact zero gap is shown there). */
  static final double FLOOR = 1e-17;

  @Override
  public String summaryText() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "Taylor validity (Fu et al. A.8): f(w*)=%.6g, %d parameters, %d repeats%n"
            + "%-10s %-24s %-24s%n", lossAtOptimum, parameterCount, repeats, "p",
        "2nd-order gap mean±sd", "1st-order gap mean±sd"));
    for (int i = 0; i < perturbations.length; i++) {
      sb.append(String.format(Locale.ROOT, "%-10.3g %-24s %-24s%n", perturbations[i],
          String.format(Locale.ROOT, "%.3e±%.1e", meanGap[i], sdGap[i]),
          String.format(Locale.ROOT, "%.3e±%.1e", meanFirstOrderGap[i], sdFirstOrderGap[i])));
    }
    return sb.toString();
  }

  @Override
  public String summaryHtml() {
    StringBuilder sb = new StringBuilder("<table><tr><th>p</th><th>2nd-order gap (mean ± sd)</th>"
        + "<th>1st-order gap (mean ± sd)</th></tr>");
    for (int i = 0; i < perturbations.length; i++) {
      sb.append(String.format(Locale.ROOT,
          "<tr><td>%.3g</td><td>%.3e ± %.1e</td><td>%.3e ± %.1e</td></tr>", perturbations[i],
          meanGap[i], sdGap[i], meanFirstOrderGap[i], sdFirstOrderGap[i]));
    }
    sb.append(String.format(Locale.ROOT,
        "</table><p>f(w*) = %.6g; %d parameters perturbed; %d repeats per p</p>",
        lossAtOptimum, parameterCount, repeats));
    return sb.toString();
  }

  @Override
  public List<Chart<?, ?>> charts() {
    XYChart c = Plots.logLog("Taylor expansion of the loss (Fu et al. Fig. 11)",
        "perturbation ratio p", "|f_hat(w) − f(w)| / |f(w)|");
    Plots.line(c, "second order (eq. 17)", perturbations, floor(meanGap));
    Plots.line(c, "first order", perturbations, floor(meanFirstOrderGap));
    return List.of(c);
  }

  private static double[] floor(double[] a) {
    double[] b = a.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] = Math.max(b[i], FLOOR);
    }
    return b;
  }

  /** One JSON object with every field of this record (arrays indexed like {@code perturbations}). */
  public String toJson() {
    return org.ftlab.util.Json.object().put("perturbations", perturbations)
        .put("meanGap", meanGap).put("sdGap", sdGap).put("meanFirstOrderGap", meanFirstOrderGap)
        .put("sdFirstOrderGap", sdFirstOrderGap).put("repeats", repeats)
        .put("parameterCount", parameterCount).put("lossAtOptimum", lossAtOptimum).toString();
  }

  @Override
  public String toString() {
    return summaryText();
  }
}
