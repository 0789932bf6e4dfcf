package org.ftlab.stability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import org.ftlab.util.Json;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Result of {@link SyntheticStability}: one row per factor level (means over the training sets),
 * plus the direction-gap curves for the heads factor (Figure 5).
 *
 * @param factor the factor varied
 * @param sets training sets per level actually used
 * @param points points per set (largest n for the samples factor)
 * @param dimension feature dimension d
 * @param steps gradient steps t
 * @param seed seed
 * @param rows one per level
 * @param curveSteps recorded steps of the heads curves (null for other factors)
 * @param curves per level, the mean over sets of ||w̄_t/||w̄_t|| − ŵ/||ŵ|||| (null unless heads)
 * @param seconds wall time of the run
 */
public record SyntheticResult(SyntheticStability.Factor factor, int sets, int points, int dimension,
    int steps, long seed, List<Row> rows, long[] curveSteps, double[][] curves, double seconds)
    implements Displayable {

  /**
   * One level.
   *
   * @param level the level as configured (H, fraction of points, γ0, ρ, or R)
   * @param x the x-axis value: H, n, mean γ_S, mean ||w0 − w*||, or mean B
   * @param n points per set at this level
   * @param gdMean mean over sets of the normalised LOO distance of GD heads (Def. 2.3)
   * @param gdStd its sample standard deviation over sets
   * @param gdRawMean mean over sets of the un-normalised LOO distance of GD heads (Def. 2.1)
   * @param gdRawStd its standard deviation over sets
   * @param svmMean mean over sets of ||Δ̂|| averaged over all removals (§4.3)
   * @param svmStd its standard deviation over sets
   * @param svmMax mean over sets of max_i ||Δ̂||
   * @param sampleBound mean B
   * @param margin mean γ_S
   * @param lambda mean λ = 1/(2n max α) (Lemma A.2.5)
   * @param nu mean ν = 2/r (Lemma A.2.1)
   * @param convergenceTerm mean first term of eq. (6)/(11) with C = 1
   * @param svmTerm mean second term of eq. (6)/(11)
   * @param bound mean value of eq. (6) (H = 1 or H ≤ 2 + 8 ln 2) or eq. (11)
   * @param taylorMean distance factor only: mean Def. 2.1 distance of the Theorem 2.2 model
   * @param taylorStd its standard deviation
   * @param taylorBound mean eq. (3) value for that model
   */
  public record Row(double level, double x, int n, double gdMean, double gdStd, double gdRawMean,
      double gdRawStd, double svmMean,
      double svmStd, double svmMax, double sampleBound, double margin, double lambda, double nu,
      double convergenceTerm, double svmTerm, double bound, double taylorMean, double taylorStd,
      double taylorBound) {}

  /** The x-axis name with units. */
  public String xLabel() {
    return switch (factor) {
      case HEADS -> "number of heads H";
      case SAMPLES -> "training points n";
      case MARGIN -> "SVM margin gamma_S (feature units)";
      case DISTANCE -> "||w0 - w*|| (parameter units)";
      case BOUND -> "sample bound B = max ||x_i|| (feature units)";
    };
  }

  /** Figure number of paper 2 reproduced by this factor. */
  public int paperFigure() {
    return switch (factor) {
      case HEADS -> 5;
      case SAMPLES -> 6;
      case MARGIN -> 7;
      case DISTANCE -> 8;
      case BOUND -> 9;
    };
  }

  /**
   * Spearman-free trend check: +1 if the GD stability mean increases with x at every level, −1
   * if it decreases at every level, 0 otherwise.
   */
  public int gdTrend() {
    return trend(rows.stream().mapToDouble(Row::gdMean).toArray());
  }

  /** As {@link #gdTrend()} for the SVM ||Δ̂||. */
  public int svmTrend() {
    return trend(rows.stream().mapToDouble(Row::svmMean).toArray());
  }

  static int trend(double[] v) {
    boolean up = true;
    boolean down = true;
    for (int i = 1; i < v.length; i++) {
      up &= v[i] > v[i - 1];
      down &= v[i] < v[i - 1];
    }
    return up ? 1 : down ? -1 : 0;
  }

  /** One-line JSON with every row (and the heads curves). */
  public String toJson() {
    List<Json> rs = new ArrayList<>();
    for (Row r : rows) {
      Json j = Json.object().put("level", r.level()).put("x", r.x()).put("n", r.n())
          .put("gdMean", r.gdMean()).put("gdStd", r.gdStd())
          .put("gdRawMean", r.gdRawMean()).put("gdRawStd", r.gdRawStd()).put("svmMean", r.svmMean())
          .put("svmStd", r.svmStd()).put("svmMax", r.svmMax()).put("B", r.sampleBound())
          .put("gammaS", r.margin()).put("lambda", r.lambda()).put("nu", r.nu())
          .put("boundConvergenceTerm", r.convergenceTerm()).put("boundSvmTerm", r.svmTerm())
          .put("bound", r.bound());
      if (factor == SyntheticStability.Factor.DISTANCE) {
        j.put("taylorMean", r.taylorMean()).put("taylorStd", r.taylorStd())
            .put("taylorBound", r.taylorBound());
      }
      rs.add(j);
    }
    Json out = Json.object().put("factor", factor.cliName()).put("figure", paperFigure())
        .put("sets", sets).put("points", points).put("dimension", dimension).put("steps", steps)
        .put("seed", seed).put("seconds", seconds).put("gdTrend", gdTrend())
        .put("svmTrend", svmTrend()).put("rows", rs);
    if (curves != null) {
      List<Json> cs = new ArrayList<>();
      for (int l = 0; l < curves.length; l++) {
        cs.add(Json.object().put("H", rows.get(l).level()).put("gap", curves[l]));
      }
      long[] st = curveSteps;
      out.put("curveSteps", st).put("curves", cs);
    }
    return out.toString();
  }

  @Override
  public String summaryText() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "Synthetic stability, factor %s (Figure %d): %d sets x %d points, d=%d, t=%d, %.1f s%n",
        factor.cliName(), paperFigure(), sets, points, dimension, steps, seconds));
    sb.append(String.format(Locale.ROOT, "%10s %10s %12s %12s %12s %12s %12s%n", "level", "x",
        "GD mean", "GD sd", "GD raw", "SVM mean", "bound"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%10.4g %10.4g %12.4g %12.4g %12.4g %12.4g %12.4g%n",
          r.level(), r.x(), r.gdMean(), r.gdStd(), r.gdRawMean(), r.svmMean(), r.bound()));
    }
    return sb.toString();
  }

  @Override
  public String summaryHtml() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<p><b>Factor %s</b> (paper 2, Figure %d): %d sets × %d "
        + "points, d = %d, t = %d, %.1f s</p>", factor.cliName(), paperFigure(), sets, points,
        dimension, steps, seconds));
    sb.append("<table><tr><th>level</th><th>").append(xLabel()).append("</th><th>n</th>")
        .append("<th>GD ‖Δ‖ mean ± sd (Def 2.3)</th><th>GD ‖A(S<sup>i</sup>)−A(S)‖ (Def 2.1)</th><th>SVM ‖Δ̂‖ mean ± sd</th><th>B</th>")
        .append("<th>γ<sub>S</sub></th><th>λ</th><th>ν</th><th>bound (eq 6/11)</th>");
    if (factor == SyntheticStability.Factor.DISTANCE) {
      sb.append("<th>Thm 2.2 model ‖Δ‖</th><th>eq 3</th>");
    }
    sb.append("</tr>");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "<tr><td>%.4g</td><td>%.4g</td><td>%d</td>"
          + "<td>%.3g ± %.2g</td><td>%.3g ± %.2g</td><td>%.3g ± %.2g</td><td>%.3g</td><td>%.3g</td>"
          + "<td>%.3g</td><td>%.3g</td><td>%.3g</td>", r.level(), r.x(), r.n(), r.gdMean(), r.gdStd(),
          r.gdRawMean(), r.gdRawStd(),
          r.svmMean(), r.svmStd(), r.sampleBound(), r.margin(), r.lambda(), r.nu(), r.bound()));
      if (factor == SyntheticStability.Factor.DISTANCE) {
        sb.append(String.format(Locale.ROOT, "<td>%.3g ± %.2g</td><td>%.3g</td>", r.taylorMean(),
            r.taylorStd(), r.taylorBound()));
      }
      sb.append("</tr>");
    }
    return sb.append("</table>").toString();
  }

  @Override
  public List<Chart<?, ?>> charts() {
    List<Chart<?, ?>> out = new ArrayList<>();
    int k = rows.size();
    double[] x = new double[k];
    double[] gd = new double[k];
    double[] gdErr = new double[k];
    double[] svm = new double[k];
    double[] svmErr = new double[k];
    double[] bound = new double[k];
    for (int i = 0; i < k; i++) {
      Row r = rows.get(i);
      x[i] = r.x();
      gd[i] = r.gdMean();
      gdErr[i] = r.gdStd() / Math.sqrt(sets);
      svm[i] = r.svmMean();
      svmErr[i] = r.svmStd() / Math.sqrt(sets);
      bound[i] = r.bound();
    }
    if (curves != null) {
      XYChart c = Plots.xy("Figure 5: direction gap of the mean head to the SVM",
          "gradient step t (log scale)", "||w_bar/||w_bar|| - w_SVM/||w_SVM|||| (unitless)");
      c.getStyler().setXAxisLogarithmic(true);
      int m = 0;
      for (long s : curveSteps) {
        if (s > 0) {
          m++;
        }
      }
      double[] ts = new double[m];
      for (int l = 0; l < curves.length; l++) {
        double[] g = new double[m];
        int j = 0;
        for (int q = 0; q < curveSteps.length; q++) {
          if (curveSteps[q] > 0) {
            ts[j] = curveSteps[q];
            g[j] = curves[l][q];
            j++;
          }
        }
        Plots.line(c, "H = " + (int) rows.get(l).level(), ts.clone(), g);
      }
      out.add(c);
    }
    XYChart c = Plots.xy(String.format(Locale.ROOT,
        "Figure %d: normalised LOO stability vs %s", paperFigure(), factor.cliName()), xLabel(),
        "||Delta|| (unitless), mean +- s.e. over sets");
    Plots.lineWithErrors(c, "GD head (Def 2.3)", x, gd, gdErr);
    Plots.lineWithErrors(c, "SVM ||Delta_hat|| (sec 4.3)", x, svm, svmErr);
    if (factor == SyntheticStability.Factor.SAMPLES || factor == SyntheticStability.Factor.HEADS) {
      c.getStyler().setXAxisLogarithmic(true);
    }
    out.add(c);
    XYChart b = Plots.xy("Bound vs measured (log scale)", xLabel(),
        "stability or bound (unitless)");
    b.getStyler().setYAxisLogarithmic(true);
    Plots.line(b, factor == SyntheticStability.Factor.HEADS ? "eq. (6)/(11), C=xi=1"
        : "Theorem 2.4 eq. (6), C=1", x, bound);
    Plots.points(b, "GD measured", x, positive(gd));
    if (factor == SyntheticStability.Factor.DISTANCE) {
      double[] tm = rows.stream().mapToDouble(Row::taylorMean).toArray();
      double[] tb = rows.stream().mapToDouble(Row::taylorBound).toArray();
      Plots.line(b, "Theorem 2.2 eq. (3)", x, positive(tb));
      Plots.points(b, "Thm 2.2 model measured (Def 2.1)", x, positive(tm));
    }
    out.add(b);
    return out;
  }

  /** Log axes cannot show zeros: replace non-positive entries by NaN (a gap in the line). */
  private static double[] positive(double[] v) {
    double[] r = v.clone();
    for (int i = 0; i < r.length; i++) {
      if (!(r[i] > 0)) {
        r[i] = Double.NaN;
      }
    }
    return r;
  }

  @Override
  public String toString() {
    return summaryText();
  }
}
