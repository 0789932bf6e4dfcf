package org.ftlab.stability;

import java.util.List;
import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import org.ftlab.util.Json;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Leave-one-out distances for one training set S (paper 2, Def. 2.1 and Def. 2.3).
 *
 * @param n size of S
 * @param indices the removed points i, ascending
 * @param distances ||A(S^i) − A(S)|| per index (Def. 2.1, eq. 1)
 * @param normalizedDistances ||A(S^i)/||A(S^i)|| − A(S)/||A(S)|||| per index (Def. 2.3, eq. 5)
 * @param fullModel A(S)
 */
public record LooStabilityResult(int n, int[] indices, double[] distances,
    double[] normalizedDistances, double[] fullModel) implements Displayable {

  /** Mean over the removed points of ||A(S^i) − A(S)||. */
  public double mean() {
    return Vectors.mean(distances);
  }

  /** Sample standard deviation over the removed points of ||A(S^i) − A(S)||. */
  public double std() {
    return Vectors.std(distances);
  }

  /** max_i ||A(S^i) − A(S)||: the per-set value of ε in Def. 2.1. */
  public double max() {
    return java.util.Arrays.stream(distances).max().orElse(Double.NaN);
  }

  /** Mean over the removed points of the normalised distance (Def. 2.3). */
  public double normalizedMean() {
    return Vectors.mean(normalizedDistances);
  }

  /** Sample standard deviation of the normalised distance (Def. 2.3). */
  public double normalizedStd() {
    return Vectors.std(normalizedDistances);
  }

  /** max_i of the normalised distance: the per-set value of ε in Def. 2.3. */
  public double normalizedMax() {
    return java.util.Arrays.stream(normalizedDistances).max().orElse(Double.NaN);
  }

  /** One-line JSON of the summary numbers. */
  public String toJson() {
    return Json.object().put("n", n).put("removed", indices.length).put("mean", mean())
        .put("std", std()).put("max", max()).put("normalizedMean", normalizedMean())
        .put("normalizedStd", normalizedStd()).put("normalizedMax", normalizedMax()).toString();
  }

  @Override
  public String summaryText() {
    return String.format("LOO stability over %d of n=%d points: Def 2.1 mean %.4g (sd %.3g, max %.4g);"
        + " Def 2.3 mean %.4g (sd %.3g, max %.4g)", indices.length, n, mean(), std(), max(),
        normalizedMean(), normalizedStd(), normalizedMax());
  }

  @Override
  public String summaryHtml() {
    return "<table><tr><th></th><th>mean</th><th>sd</th><th>max</th></tr>"
        + String.format("<tr><td>||A(S<sup>i</sup>) − A(S)|| (Def 2.1)</td><td>%.4g</td><td>%.3g</td>"
            + "<td>%.4g</td></tr>", mean(), std(), max())
        + String.format("<tr><td>normalised (Def 2.3)</td><td>%.4g</td><td>%.3g</td><td>%.4g</td>"
            + "</tr>", normalizedMean(), normalizedStd(), normalizedMax())
        + "</table><p>" + indices.length + " of n = " + n + " points removed, one at a time.</p>";
  }

  @Override
  public List<Chart<?, ?>> charts() {
    double[] xs = new double[indices.length];
    for (int k = 0; k < xs.length; k++) {
      xs[k] = indices[k];
    }
    XYChart c = Plots.xy("Leave-one-out parameter change", "removed point i (index)",
        "distance (parameter units)");
    Plots.points(c, "||A(S^i) - A(S)||", xs, distances);
    Plots.points(c, "normalised (Def 2.3)", xs, normalizedDistances);
    return List.of(c);
  }

  @Override
  public String toString() {
    return summaryText();
  }
}
