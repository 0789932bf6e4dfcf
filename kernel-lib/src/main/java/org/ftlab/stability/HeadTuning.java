package org.ftlab.stability;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Gradient descent on linear heads, the head-tuning setting of §2.3 of paper 2: each point is
 * augmented to x̃_i = [E(x_i); −1] (the bias b is the last entry of w = [v; b]) and H heads w_1..w_H
 * minimise the multi-head loss (eq. 10) L_MH = (1/(nH)) Σ_h Σ_i ℓ(w_hᵀ x̃_i y_i), where ℓ is the
 * logistic loss log(1 + e^{−u}) or the exponential loss e^{−u}. H = 1 is the single-head loss (eq. 4).
 * The model used at test time is the mean head w̄ = (1/H) Σ_h w_h (§3.2).
 *
 * <p>The heads do not interact in eq. (10), so each head takes the step w_h ← w_h − η ∇_{w_h}
 * (1/n) Σ_i ℓ(w_hᵀ x̃_i y_i): η is the per-head step, i.e. GD on eq. (10) with step ηH. This keeps
 * the per-head dynamics, and thus the comparison across H (Figure 5), independent of H.
 *
 * <p>Step size: Soudry et al. (2018, Thm 3) need η &lt; 2 β⁻¹ σ_max⁻²(X̃) for the summed loss, i.e.
 * η &lt; 2n / (β σ_max²(X̃)) for the averaged loss used here, with β the smoothness of ℓ: β = 1/4
 * for the logistic loss; the exponential loss is not globally smooth and β = 1 is its smoothness on
 * the region where every margin w·x̃_i y_i ≥ 0. (Paper 2 prints the condition as
 * η &lt; 2β⁻¹σ_max⁻¹(X̃), Theorem 2.4.) The default η is half the limit, n / (β σ_max²(X̃)).
 * Heads start at w0 + σ0 g_h with g_h standard normal drawn from {@code seed} (head h uses the h-th
 * draw), so A(S) and A(S^i) start from the same point.
 */
public final class HeadTuning {
  /** The head loss ℓ(u) of eq. (4) / eq. (10); both are smooth, decreasing to zero (Soudry et al.). */
  public enum Loss {
    /** ℓ(u) = log(1 + e^{−u}), smoothness β = 1/4. */
    LOGISTIC(0.25),
    /** ℓ(u) = e^{−u}, smoothness β = 1 on {u ≥ 0}. */
    EXPONENTIAL(1.0);

    private final double beta;

    Loss(double beta) {
      this.beta = beta;
    }

    /** The smoothness constant β of ℓ used in the step-size condition. */
    public double beta() {
      return beta;
    }

    double value(double u) {
      return this == LOGISTIC ? (u > 0 ? Math.log1p(Math.exp(-u)) : -u + Math.log1p(Math.exp(u)))
          : Math.exp(-u);
    }

    /** −ℓ'(u) ≥ 0. */
    double negDerivative(double u) {
      return this == LOGISTIC ? 1.0 / (1.0 + Math.exp(u)) : Math.exp(-u);
    }
  }

  private final Loss loss;
  private final int heads;
  private final int steps;
  private final double learningRate;
  private final boolean bias;
  private final double[] init;
  private final double initScale;
  private final long seed;
  private final int recordPoints;
  private final double[] reference;

  private HeadTuning(Builder b) {
    this.loss = b.loss;
    this.heads = b.heads;
    this.steps = b.steps;
    this.learningRate = b.learningRate;
    this.bias = b.bias;
    this.init = b.init;
    this.initScale = b.initScale;
    this.seed = b.seed;
    this.recordPoints = b.recordPoints;
    this.reference = b.reference;
  }

  /** A new builder; {@link Builder#setSteps(int)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** This configuration as a {@link Trainer} returning the mean head w̄ (length d + 1 with bias). */
  public Trainer trainer() {
    return (x, y) -> train(x, y).mean();
  }

  /** The augmented rows x̃_i = [x_i; −1] (or x_i itself without bias). */
  public static double[][] augment(double[][] x, boolean bias) {
    double[][] r = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      r[i] = bias ? Arrays.copyOf(x[i], x[i].length + 1) : x[i].clone();
      if (bias) {
        r[i][x[i].length] = -1.0;
      }
    }
    return r;
  }

  /** σ_max(X̃)², the largest eigenvalue of X̃ᵀX̃ (power iteration on the p × p matrix). */
  static double sigmaMaxSquared(double[][] xt) {
    int p = xt[0].length;
    double[][] g = new double[p][p];
    for (double[] r : xt) {
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          g[a][b] += r[a] * r[b];
        }
      }
    }
    double[] v = new double[p];
    Arrays.fill(v, 1.0 / Math.sqrt(p));
    double lambda = 0;
    for (int it = 0; it < 500; it++) {
      double[] w = new double[p];
      for (int a = 0; a < p; a++) {
        w[a] = Vectors.dot(g[a], v);
      }
      double nw = Vectors.norm(w);
      if (nw == 0) {
        return 0;
      }
      for (int a = 0; a < p; a++) {
        w[a] /= nw;
      }
      double next = nw;
      v = w;
      if (Math.abs(next - lambda) <= 1e-12 * next) {
        lambda = next;
        break;
      }
      lambda = next;
    }
    return lambda;
  }

  /** The Soudry et al. step-size limit 2n/(β σ_max²(X̃)) for these rows (see class comment). */
  public double stepLimit(double[][] x) {
    double[][] xt = augment(x, bias);
    return 2.0 * x.length / (loss.beta() * sigmaMaxSquared(xt));
  }

  /**
   * Runs gradient descent for the configured number of steps.
   *
   * @param x rows E(x_i) (not augmented)
   * @param y labels ±1
   */
  public HeadTuningResult train(double[][] x, double[] y) {
    Vectors.checkData(x, y);
    Vectors.checkLabels(y);
    int n = x.length;
    double[][] z = augment(x, bias);
    int p = z[0].length;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        z[i][j] *= y[i];
      }
    }
    if (init != null && init.length != p) {
      throw new IllegalArgumentException("init: length " + init.length + ", expected " + p
          + (bias ? " (d + 1 with the bias)" : ""));
    }
    if (reference != null && reference.length != p) {
      throw new IllegalArgumentException("reference: length " + reference.length + ", expected " + p);
    }
    double eta = Double.isNaN(learningRate) ? 0.5 * stepLimit(x) : learningRate;
    double[][] w = new double[heads][p];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int h = 0; h < heads; h++) {
      for (int j = 0; j < p; j++) {
        double g = gaussian(rnd);
        w[h][j] = (init == null ? 0 : init[j]) + initScale * g;
      }
    }
    long[] rec = recordSteps(steps, recordPoints);
    double[] gapMean = new double[rec.length];
    double[] gapHeads = new double[rec.length];
    double[] lossCurve = new double[rec.length];
    int r = 0;
    double[] u = new double[n];
    double[] grad = new double[p];
    for (int t = 0; t <= steps; t++) {
      if (r < rec.length && rec[r] == t) {
        double[] m = meanOf(w);
        double lsum = 0;
        double hg = 0;
        for (int h = 0; h < heads; h++) {
          for (int i = 0; i < n; i++) {
            lsum += loss.value(Vectors.dot(w[h], z[i]));
          }
          if (reference != null) {
            hg += Vectors.directionDistance(w[h], reference);
          }
        }
        lossCurve[r] = lsum / ((double) n * heads);
        gapMean[r] = reference == null ? Double.NaN : Vectors.directionDistance(m, reference);
        gapHeads[r] = reference == null ? Double.NaN : hg / heads;
        r++;
      }
      if (t == steps) {
        break;
      }
      for (int h = 0; h < heads; h++) {
        double[] wh = w[h];
        Arrays.fill(grad, 0);
        for (int i = 0; i < n; i++) {
          double[] zi = z[i];
          double s = 0;
          for (int j = 0; j < p; j++) {
            s += wh[j] * zi[j];
          }
          double c = loss.negDerivative(s);
          for (int j = 0; j < p; j++) {
            grad[j] += c * zi[j];
          }
        }
        double f = eta / n;
        for (int j = 0; j < p; j++) {
          wh[j] += f * grad[j];
        }
      }
    }
    return new HeadTuningResult(w, meanOf(w), steps, eta, loss, rec, gapMean, gapHeads, lossCurve,
        reference != null);
  }

  private static double[] meanOf(double[][] w) {
    double[] m = new double[w[0].length];
    for (double[] wh : w) {
      for (int j = 0; j < m.length; j++) {
        m[j] += wh[j] / w.length;
      }
    }
    return m;
  }

  static double gaussian(SplittableRandom r) {
    // Box-Muller; deterministic given the generator state
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Roughly log-spaced steps 0, 1, 2, ..., steps (at most {@code points} distinct values). */
  static long[] recordSteps(int steps, int points) {
    java.util.TreeSet<Long> s = new java.util.TreeSet<>();
    s.add(0L);
    s.add((long) steps);
    if (points > 2 && steps > 0) {
      for (int k = 0; k < points - 1; k++) {
        s.add(Math.round(Math.pow(steps, k / (double) (points - 2))));
      }
    }
    long[] out = new long[s.size()];
    int i = 0;
    for (long v : s) {
      out[i++] = Math.min(v, steps);
    }
    return Arrays.stream(out).distinct().toArray();
  }

  /** Builder in the DJL style: required setX, optional optX, validation in build(). */
  public static final class Builder {
    private Loss loss = Loss.LOGISTIC;
    private int heads = 1;
    private int steps = -1;
    private double learningRate = Double.NaN;
    private boolean bias = true;
    private double[] init;
    private double initScale = 0;
    private long seed = 0;
    private int recordPoints = 2;
    private double[] reference;

    private Builder() {}

    /** Number of gradient steps t (required, ≥ 1). */
    public Builder setSteps(int steps) {
      this.steps = steps;
      return this;
    }

    /** Head loss ℓ (default logistic). */
    public Builder optLoss(Loss loss) {
      this.loss = loss;
      return this;
    }

    /** Number of heads H of eq. (10) (default 1). */
    public Builder optHeads(int heads) {
      this.heads = heads;
      return this;
    }

    /** Per-head step η (default half the Soudry limit, see the class comment). */
    public Builder optLearningRate(double eta) {
      this.learningRate = eta;
      return this;
    }

    /** Whether to append the −1 feature of x̃ = [E(x); −1] (default true, as in §2.3). */
    public Builder optBias(boolean bias) {
      this.bias = bias;
      return this;
    }

    /** Common initialisation w0 of all heads (default 0), length d + 1 with the bias. */
    public Builder optInit(double[] w0) {
      this.init = w0 == null ? null : w0.clone();
      return this;
    }

    /** Standard deviation σ0 of the per-head Gaussian perturbation of w0 (default 0). */
    public Builder optInitScale(double sigma0) {
      this.initScale = sigma0;
      return this;
    }

    /** Seed of the initial perturbations. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Number of (log-spaced) steps at which loss and direction gaps are recorded (default 2). */
    public Builder optRecordPoints(int points) {
      this.recordPoints = points;
      return this;
    }

    /**
     * Reference direction (e.g. the SVM solution ŵ) for the recorded gaps
     * ||w̄_t/||w̄_t|| − ŵ/||ŵ||||, the first term of eq. (6) / eq. (11).
     */
    public Builder optReference(double[] reference) {
      this.reference = reference == null ? null : reference.clone();
      return this;
    }

    /** Validates and builds. */
    public HeadTuning build() {
      if (steps < 1) {
        throw new IllegalArgumentException("steps: must be >= 1, got " + steps);
      }
      if (heads < 1) {
        throw new IllegalArgumentException("heads: must be >= 1, got " + heads);
      }
      if (loss == null) {
        throw new IllegalArgumentException("loss: must be one of " + Arrays.toString(Loss.values()));
      }
      if (!Double.isNaN(learningRate) && !(learningRate > 0 && Double.isFinite(learningRate))) {
        throw new IllegalArgumentException("learningRate: must be > 0, got " + learningRate);
      }
      if (!(initScale >= 0 && Double.isFinite(initScale))) {
        throw new IllegalArgumentException("initScale: must be >= 0, got " + initScale);
      }
      if (recordPoints < 2) {
        throw new IllegalArgumentException("recordPoints: must be >= 2, got " + recordPoints);
      }
      return new HeadTuning(this);
    }
  }
}
