package org.ftlab.stability;

import java.util.List;
import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Result of {@link HeadTuning}: the H heads, their mean w̄ (the test-time model of §3.2) and the
 * curves recorded along the way.
 *
 * @param heads w_h after t steps, one row per head
 * @param mean w̄ = (1/H) Σ_h w_h
 * @param steps t
 * @param learningRate the per-head step η used
 * @param loss the head loss ℓ
 * @param recordedSteps steps at which the curves were recorded (0 and t included)
 * @param meanDirectionGap ||w̄_t/||w̄_t|| − ŵ/||ŵ|||| at each recorded step (NaN without reference)
 * @param headDirectionGap the same gap averaged over single heads (NaN without reference)
 * @param lossCurve the multi-head loss eq. (10) at each recorded step
 * @param hasReference whether a reference direction was given
 */
public record HeadTuningResult(double[][] heads, double[] mean, int steps, double learningRate,
    HeadTuning.Loss loss, long[] recordedSteps, double[] meanDirectionGap,
    double[] headDirectionGap, double[] lossCurve, boolean hasReference) implements Displayable {

  /** Cosine between w̄ and a direction. */
  public double cosineTo(double[] direction) {
    return Vectors.cosine(mean, direction);
  }

  /** The final direction gap of the mean head (NaN without reference). */
  public double finalGap() {
    return meanDirectionGap[meanDirectionGap.length - 1];
  }

  @Override
  public String summaryText() {
    return String.format("%d head(s), %s loss, t=%d, eta=%.4g: final loss %.4g, ||w_bar|| %.4g%s",
        heads.length, loss, steps, learningRate, lossCurve[lossCurve.length - 1],
        Vectors.norm(mean), hasReference ? String.format(", direction gap to reference %.4g",
            finalGap()) : "");
  }

  @Override
  public String summaryHtml() {
    return "<table><tr><th>H</th><th>loss</th><th>t</th><th>η</th><th>final loss (eq 10)</th>"
        + "<th>||w̄||</th><th>gap to reference</th></tr>"
        + String.format("<tr><td>%d</td><td>%s</td><td>%d</td><td>%.4g</td><td>%.4g</td><td>%.4g"
            + "</td><td>%s</td></tr></table>", heads.length, loss, steps, learningRate,
            lossCurve[lossCurve.length - 1], Vectors.norm(mean),
            hasReference ? String.format("%.4g", finalGap()) : "–");
  }

  @Override
  public List<Chart<?, ?>> charts() {
    int k = 0;
    for (long s : recordedSteps) {
      if (s > 0) {
        k++;
      }
    }
    double[] xs = new double[k];
    double[] l = new double[k];
    double[] g = new double[k];
    double[] gh = new double[k];
    int j = 0;
    for (int i = 0; i < recordedSteps.length; i++) {
      if (recordedSteps[i] > 0) {
        xs[j] = recordedSteps[i];
        l[j] = lossCurve[i];
        g[j] = meanDirectionGap[i];
        gh[j] = headDirectionGap[i];
        j++;
      }
    }
    XYChart lc = Plots.logLog("Training loss (eq. 10)", "gradient step t", "loss (nats)");
    Plots.line(lc, "L_MH", xs, l);
    if (!hasReference) {
      return List.of(lc);
    }
    XYChart gc = Plots.xy("Direction gap to the reference", "gradient step t (log scale)",
        "||w/||w|| - w_ref/||w_ref|||| (unitless)");
    gc.getStyler().setXAxisLogarithmic(true);
    Plots.line(gc, "mean head", xs, g);
    Plots.line(gc, "single heads (avg)", xs, gh);
    return List.of(gc, lc);
  }

  @Override
  public String toString() {
    return summaryText();
  }
}
