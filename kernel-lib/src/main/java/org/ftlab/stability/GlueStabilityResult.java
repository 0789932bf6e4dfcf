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
 * Result of {@link GlueStability}: per seed the task metric on the test stand-in (percent, see
 * {@link #metricName()}), its mean and standard deviation (the paper's "mean ± std" of Tables 2-4),
 * and stability measures across seeds.
 *
 * <p>Metrics: CoLA Matthews correlation, MRPC F1 of "paraphrase" (accuracy in
 * {@link #accuracies()}), CB the SuperGLUE score (accuracy + macro-F1)/2 (both also given),
 * RTE, WSC and the others accuracy; all in percent.
 */
public final class GlueStabilityResult implements Displayable {
  private final String model;
  private final String task;
  private final StabilityMethod method;
  private final GlueStability.Mode mode;
  private final GlueStability.Head head;
  private final String metricName;
  private final int heads;
  private final int trainSize;
  private final int devSize;
  private final int testSize;
  private final double removeFraction;
  private final int epochs;
  private final double learningRate;
  private final long seed;
  private final List<GlueStability.SeedRun> runs;
  private final double[] svmCosines;
  private final double svmMargin;
  private final double[] surtLoss;
  private final double seconds;
  private final long peakRssBytes;

  GlueStabilityResult(String model, String task, StabilityMethod method, GlueStability.Mode mode,
      GlueStability.Head head, String metricName, int heads, int trainSize, int devSize, int testSize, double removeFraction,
      int epochs, double learningRate, long seed, List<GlueStability.SeedRun> runs,
      double[] svmCosines, double svmMargin, double[] surtLoss, double seconds, long peakRssBytes) {
    this.model = model;
    this.task = task;
    this.method = method;
    this.mode = mode;
    this.head = head;
    this.metricName = metricName;
    this.heads = heads;
    this.trainSize = trainSize;
    this.devSize = devSize;
    this.testSize = testSize;
    this.removeFraction = removeFraction;
    this.epochs = epochs;
    this.learningRate = learningRate;
    this.seed = seed;
    this.runs = List.copyOf(runs);
    this.svmCosines = svmCosines.clone();
    this.svmMargin = svmMargin;
    this.surtLoss = surtLoss.clone();
    this.seconds = seconds;
    this.peakRssBytes = peakRssBytes;
  }

  public String model() {
    return model;
  }

  public String task() {
    return task;
  }

  public StabilityMethod method() {
    return method;
  }

  public GlueStability.Mode mode() {
    return mode;
  }

  /** The head: LINEAR, or MLP (RoBERTa's dense + tanh + out_proj, HEAD mode). */
  public GlueStability.Head head() {
    return head;
  }

  /** The task metric, e.g. "accuracy (%)", "Matthews corr. (%)", "F1 (%)". */
  public String metricName() {
    return metricName;
  }

  /** Heads H used (MHLoss), 1 for the other methods. */
  public int heads() {
    return heads;
  }

  /** Examples in the 90% training part (before any per-run removal). */
  public int trainSize() {
    return trainSize;
  }

  /** Examples in the 10% held-out dev part (early stopping). */
  public int devSize() {
    return devSize;
  }

  /** Examples of the test stand-in scored. */
  public int testSize() {
    return testSize;
  }

  public double removeFraction() {
    return removeFraction;
  }

  public int epochs() {
    return epochs;
  }

  public double learningRate() {
    return learningRate;
  }

  /** Base seed; run k used {@code seed + k}. */
  public long seed() {
    return seed;
  }

  /** The seeds of the runs. */
  public long[] seeds() {
    return runs.stream().mapToLong(GlueStability.SeedRun::seed).toArray();
  }

  /** The task metric of every run, percent. */
  public double[] scores() {
    return runs.stream().mapToDouble(GlueStability.SeedRun::score).toArray();
  }

  /** Test accuracy of every run, percent. */
  public double[] accuracies() {
    return runs.stream().mapToDouble(GlueStability.SeedRun::accuracy).toArray();
  }

  /** Test F1 of every run, percent: of class 1 for binary tasks, macro-F1 otherwise. */
  public double[] f1s() {
    return runs.stream().mapToDouble(GlueStability.SeedRun::f1).toArray();
  }

  /** Held-out dev metric of every run at its chosen epoch. */
  public double[] devScores() {
    return runs.stream().mapToDouble(GlueStability.SeedRun::devScore).toArray();
  }

  /** Chosen epoch of every run. */
  public int[] bestEpochs() {
    return runs.stream().mapToInt(GlueStability.SeedRun::bestEpoch).toArray();
  }

  /** Mean of {@link #scores()}. */
  public double mean() {
    return Vectors.mean(scores());
  }

  /** Population standard deviation (divisor n, numpy's default) of {@link #scores()}. */
  public double std() {
    double[] s = scores();
    double m = Vectors.mean(s);
    double v = 0;
    for (double x : s) {
      v += (x - m) * (x - m);
    }
    return Math.sqrt(v / s.length);
  }

  /**
   * Mean over pairs of runs of the fraction of test examples on which the two runs predict
   * different labels (0 = identical predictions); NaN for one run.
   */
  public double predictionDisagreement() {
    double s = 0;
    int pairs = 0;
    for (int a = 0; a < runs.size(); a++) {
      for (int c = a + 1; c < runs.size(); c++) {
        int[] pa = runs.get(a).predictions();
        int[] pc = runs.get(c).predictions();
        int diff = 0;
        for (int i = 0; i < pa.length; i++) {
          diff += pa[i] != pc[i] ? 1 : 0;
        }
        s += (double) diff / pa.length;
        pairs++;
      }
    }
    return pairs == 0 ? Double.NaN : s / pairs;
  }

  /**
   * Mean over pairs of runs of ||w̄_a/||w̄_a|| − w̄_b/||w̄_b|||| for the mean heads (as
   * {@link #headDirections()}): the across-seed analogue of the normalised stability of Def. 2.3,
   * in [0, 2]; NaN for one run.
   */
  public double headDirectionDistance() {
    double s = 0;
    int pairs = 0;
    for (int a = 0; a < runs.size(); a++) {
      for (int c = a + 1; c < runs.size(); c++) {
        s += Vectors.directionDistance(runs.get(a).headDirection(), runs.get(c).headDirection());
        pairs++;
      }
    }
    return pairs == 0 ? Double.NaN : s / pairs;
  }

  /**
   * The mean head w̄ of every run at its chosen epoch: binary tasks {@code [v; −b]} with
   * {@code v = w̄_1 − w̄_0} (the decision is v·E(x) − (−b), the ŵ = [v; b] convention of §2.3
   * with x̃ = [E(x); −1]); otherwise the flattened {@code [W̄ (d×C, row-major); b̄]}.
   */
  public double[][] headDirections() {
    return runs.stream().map(r -> r.headDirection().clone()).toArray(double[][]::new);
  }

  /** ||w̄ − w̄_0|| of every run: how far the mean head moved from its initialisation. */
  public double[] headDistances() {
    return runs.stream().mapToDouble(GlueStability.SeedRun::headDistance).toArray();
  }

  /**
   * ||θ − θ_0|| of the encoder of every run from its start (the pretrained weights, or the SURT
   * re-trained ones): the distance ||w_0 − w*|| of Theorem 2.2; NaN in HEAD mode.
   */
  public double[] encoderDistances() {
    return runs.stream().mapToDouble(GlueStability.SeedRun::encoderDistance).toArray();
  }

  /**
   * Mean distance between the class centres of the test examples' representations at each run's
   * chosen epoch (for two classes ||μ_+ − μ_−||, the quantity MMR enlarges, eq. 8): the pooled
   * features for a linear head, the hidden layer tanh(x W_1 + b_1) for the MLP head.
   */
  public double[] centerDistances() {
    return runs.stream().mapToDouble(GlueStability.SeedRun::centerDistance).toArray();
  }

  /** Test predictions of run k. */
  public int[] predictions(int k) {
    return runs.get(k).predictions().clone();
  }

  /**
   * Cosine of each run's mean head with the hard-margin SVM direction ŵ_S on the training
   * features ({@code optSvmReference}); NaN when not requested, not binary, or not separable.
   */
  public double[] svmCosines() {
    return svmCosines.clone();
  }

  /** γ_S = 1/||v̂_S|| of that SVM, NaN when not computed. */
  public double svmMargin() {
    return svmMargin;
  }

  /** SURT's masked-LM loss per re-training step (empty for the other methods). */
  public double[] surtLoss() {
    return surtLoss.clone();
  }

  /** Wall time of the whole run, seconds. */
  public double seconds() {
    return seconds;
  }

  /** Peak resident set size of the process so far, bytes. */
  public long peakRssBytes() {
    return peakRssBytes;
  }

  /** One JSON object with the settings, per-seed numbers and summaries. */
  public String toJson() {
    Json j = Json.object().put("model", model).put("task", task).put("method", method.cliName())
        .put("mode", mode.name().toLowerCase(Locale.ROOT))
        .put("head", head.name().toLowerCase(Locale.ROOT)).put("metric", metricName)
        .put("heads", heads).put("trainSize", trainSize).put("devSize", devSize)
        .put("testSize", testSize).put("removeFraction", removeFraction).put("epochs", epochs)
        .put("learningRate", learningRate).put("seed", seed).put("seeds", seeds())
        .put("scores", scores()).put("mean", mean()).put("std", std())
        .put("accuracies", accuracies()).put("f1s", f1s()).put("devScores", devScores())
        .put("bestEpochs", java.util.Arrays.stream(bestEpochs()).asLongStream().toArray())
        .put("predictionDisagreement", predictionDisagreement())
        .put("headDirectionDistance", headDirectionDistance())
        .put("headDistances", headDistances()).put("encoderDistances", encoderDistances())
        .put("centerDistances", centerDistances()).put("svmCosines", svmCosines)
        .put("svmMargin", svmMargin).put("surtLoss", surtLoss).put("seconds", seconds)
        .put("peakRssBytes", peakRssBytes);
    return j.toString();
  }

  @Override
  public String summaryText() {
    return String.format(Locale.ROOT, "%s %s (%s head) on %s (%s, %s): %s %.2f ± %.2f over %d seeds;"
        + " prediction disagreement %.3f, head direction distance %.3f; %.1f s, peak RSS %.2f GB",
        method.cliName(), mode.name().toLowerCase(Locale.ROOT), head.name().toLowerCase(Locale.ROOT), task, model,
        heads > 1 ? "H = " + heads : "1 head", metricName, mean(), std(), runs.size(),
        predictionDisagreement(), headDirectionDistance(), seconds, peakRssBytes / 1e9);
  }

  @Override
  public String toString() {
    return summaryText();
  }

  @Override
  public String summaryHtml() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<p><b>%s</b> (%s mode, %s head) on <b>%s</b> with %s: %d train /"
        + " %d dev / %d test, %d epochs max, lr %.1e%s%s.</p>", method.cliName(),
        mode.name().toLowerCase(Locale.ROOT), head.name().toLowerCase(Locale.ROOT), task, model, trainSize, devSize, testSize, epochs,
        learningRate, heads > 1 ? ", H = " + heads : "",
        removeFraction > 0 ? String.format(Locale.ROOT, ", %.0f%% removed per run", 100 * removeFraction) : ""));
    s.append("<table><tr><th>quantity</th><th>value</th></tr>");
    s.append(String.format(Locale.ROOT, "<tr><td>%s, mean ± std (%d seeds)</td><td>%.2f ± %.2f</td></tr>",
        metricName, runs.size(), mean(), std()));
    s.append(String.format(Locale.ROOT, "<tr><td>prediction disagreement between seeds</td><td>%.3f</td></tr>",
        predictionDisagreement()));
    s.append(String.format(Locale.ROOT, "<tr><td>mean-head direction distance between seeds</td><td>%.3f</td></tr>",
        headDirectionDistance()));
    if (mode == GlueStability.Mode.FULL) {
      s.append(String.format(Locale.ROOT, "<tr><td>mean ||θ − θ<sub>0</sub>|| of the encoder</td><td>%.4g</td></tr>",
          Vectors.mean(encoderDistances())));
    }
    s.append(String.format(Locale.ROOT, "<tr><td>seconds / peak RSS</td><td>%.1f s / %.2f GB</td></tr>",
        seconds, peakRssBytes / 1e9));
    s.append("</table>");
    return s.toString();
  }

  @Override
  public List<Chart<?, ?>> charts() {
    List<Chart<?, ?>> out = new ArrayList<>();
    double[] sc = scores();
    double[] x = new double[sc.length];
    double[] m = new double[sc.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = seeds()[i];
      m[i] = mean();
    }
    XYChart c = Plots.xy(method.cliName() + " on " + task + ": test score per seed", "seed", metricName);
    c.getStyler().setYAxisDecimalPattern("0.##");
    Plots.points(c, "run", x, sc);
    Plots.line(c, String.format(Locale.ROOT, "mean %.2f ± %.2f", mean(), std()), x, m);
    out.add(c);
    if (surtLoss.length > 0) {
      double[] st = new double[surtLoss.length];
      for (int i = 0; i < st.length; i++) {
        st[i] = i + 1;
      }
      XYChart l = Plots.xy("SURT masked-LM re-training", "step", "MLM cross-entropy (nats)");
      Plots.line(l, "loss", st, surtLoss);
      out.add(l);
    }
    return out;
  }
}
