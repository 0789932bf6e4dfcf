package org.ftlab.stability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ftlab.util.Progress;

/**
 * The synthetic experiments of §4.3 of paper 2 (Figures 5-9): for each level of one factor, draw
 * {@code sets} training sets of {@code points} points ({@link SyntheticData}), remove one seeded
 * random point i from each, and measure the normalised leave-one-out stability (Def. 2.3) of
 * <ul>
 *   <li>the algorithm A = gradient descent on a linear head (§2.3, {@link HeadTuning}, logistic loss,
 *       t steps, the same step η for S and S^i, fixed from S), and</li>
 *   <li>the max-margin solutions, ||Δ̂|| = ||ŵ_S/||ŵ_S|| − ŵ_{S^i}/||ŵ_{S^i}|||| (§4.3), via LIBSVM,
 *       averaged exactly over all n removals of each set (only removing a support vector changes
 *       ŵ, so only those are refitted) and also maximised over i (the sup of Def. 2.3),</li>
 * </ul>
 * together with the bound of Theorem 2.4 (or Corollary 3.1 for H heads) evaluated with the measured
 * B, γ_S, n and t and the constants documented in {@link HeadTuningBound}.
 *
 * <p>Factors (levels are the x axis of the paper's figures):
 * <ul>
 *   <li>{@code HEADS} (Fig. 5): H ∈ {1, 5, 10, 20, 50, 100} heads with Gaussian initial weights of
 *       scale σ0 ({@link Builder#optInitScale}); records the gap ||w̄_t/||w̄_t|| − ŵ/||ŵ|||| to the
 *       homogeneous max-margin direction on x̃ (the limit of Soudry et al.) along t. This factor uses
 *       at most {@link #HEAD_SETS} sets, because its cost grows with ΣH.</li>
 *   <li>{@code SAMPLES} (Fig. 6): n = points × {0.05, 0.1, 0.25, 0.5, 1}.</li>
 *   <li>{@code MARGIN} (Fig. 7): nominal margin γ0 ∈ {0.05, 0.1, 0.25, 0.5, 1} (class centres
 *       2(γ0 + R) apart, R = 1); x axis = measured γ_S.</li>
 *   <li>{@code DISTANCE} (Fig. 8): GD starts at w0 = w* + ρ ||w*|| u, where w* is the homogeneous
 *       max-margin solution of S on x̃ (a zero-hinge-loss optimum), u a seeded random unit vector and
 *       ρ ∈ {0, 0.5, 1, 2, 4}; x axis = ||w0 − w*||. The same w0 is used for S and S^i. The full
 *       fine-tuning model of Theorem 2.2 ({@link QuadraticFineTuning}, μ = {@link #TAYLOR_MU}, β = 1,
 *       {@link #TAYLOR_STEPS} steps, Hessian directions x̃_i) is run from the same w0 and its Def. 2.1
 *       stability is reported beside the bound of eq. (3).</li>
 *   <li>{@code BOUND} (Fig. 9): ball radius R ∈ {0.25, 0.5, 1, 2, 4} at γ0 = 0.25; x axis =
 *       measured B.</li>
 * </ul>
 * Other factors use γ0 = 0.25, R = 1, d = 5, t = 1000 ({@link SyntheticData}).
 * <ul>
 * </ul>
 * Runs are parallel over sets and deterministic: set s uses seed {@code seed * 1_000_003 + s} for its
 * data (the same data seeds at every level, i.e. common random numbers) and a derived seed for i.
 */
public final class SyntheticStability {
  /** The factor varied (§4.3.1-§4.3.5). */
  public enum Factor {
    /** §4.3.1, Figure 5. */
    HEADS,
    /** §4.3.2, Figure 6. */
    SAMPLES,
    /** §4.3.3, Figure 7. */
    MARGIN,
    /** §4.3.4, Figure 8. */
    DISTANCE,
    /** §4.3.5, Figure 9. */
    BOUND;

    /** Lower-case name as used on the command line. */
    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name. */
    public static Factor parse(String s) {
      for (Factor f : values()) {
        if (f.cliName().equals(s)) {
          return f;
        }
      }
      throw new IllegalArgumentException("factor: '" + s + "' is not one of heads, samples, "
          + "margin, distance, bound");
    }
  }

  /** Paper's number of training sets per level (§4.3). */
  public static final int PAPER_SETS = 500;
  /** Paper's number of points per training set (§4.3). */
  public static final int PAPER_POINTS = 2000;
  /** Cap on sets for the heads factor (cost grows with the total number of heads). */
  public static final int HEAD_SETS = 10;
  /** μ of the Theorem 2.2 quadratic model in the distance factor (β = 1). */
  public static final double TAYLOR_MU = 0.1;
  /** Steps T of the Theorem 2.2 quadratic model in the distance factor. */
  public static final int TAYLOR_STEPS = 20;
  /** δ used for Corollary 3.1 in the heads factor: H &gt; 2 + 8 ln 2 ≈ 7.5, i.e. H ≥ 10. */
  public static final double HEADS_DELTA = 0.5;

  private final Builder cfg;

  private SyntheticStability(Builder b) {
    this.cfg = b;
  }

  /** A builder with the paper's sizes (500 sets of 2,000 points). */
  public static Builder builder(Factor factor) {
    return new Builder(factor);
  }

  /** A builder in quick mode: 20 sets of 200 points. */
  public static Builder quick(Factor factor) {
    return new Builder(factor).optSets(20).optPoints(200);
  }

  /** Default levels of a factor (see the class comment). */
  public static double[] defaultLevels(Factor f) {
    return switch (f) {
      case HEADS -> new double[] {1, 5, 10, 20, 50, 100};
      case SAMPLES -> new double[] {0.05, 0.1, 0.25, 0.5, 1};
      case MARGIN -> new double[] {0.05, 0.1, 0.25, 0.5, 1};
      case DISTANCE -> new double[] {0, 0.5, 1, 2, 4};
      case BOUND -> new double[] {0.25, 0.5, 1, 2, 4};
    };
  }

  /** Runs every level; progress goes to the default {@link Progress} sink. */
  public SyntheticResult run() {
    long t0 = System.nanoTime();
    double[] levels = cfg.levels;
    int sets = cfg.factor == Factor.HEADS ? Math.min(cfg.sets, HEAD_SETS) : cfg.sets;
    List<SyntheticResult.Row> rows = new ArrayList<>();
    double[][] curves = new double[levels.length][];
    long[] curveSteps = null;
    try (Progress p = Progress.start("stability " + cfg.factor.cliName(),
        (long) levels.length * sets)) {
      for (int l = 0; l < levels.length; l++) {
        final int level = l;
        SetOutcome[] out = new SetOutcome[sets];
        IntStream.range(0, sets).parallel().forEach(s -> {
          out[s] = runSet(levels[level], s);
          p.step();
        });
        rows.add(aggregate(levels[l], out));
        if (cfg.factor == Factor.HEADS) {
          curveSteps = out[0].curveSteps;
          double[] c = new double[curveSteps.length];
          for (SetOutcome o : out) {
            for (int k = 0; k < c.length; k++) {
              c[k] += o.curve[k] / sets;
            }
          }
          curves[l] = c;
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new SyntheticResult(cfg.factor, sets, cfg.points, cfg.dimension, cfg.steps, cfg.seed,
        rows, curveSteps, cfg.factor == Factor.HEADS ? curves : null, seconds);
  }

  private static final class SetOutcome {
    double sampleBound;
    double margin;
    int n;
    double gdDelta;
    double gdRaw;
    double svmDelta;
    double svmMax;
    double bound;
    double convergenceTerm;
    double svmTerm;
    double lambda;
    double nu;
    double x;
    double taylorDelta = Double.NaN;
    double taylorBound = Double.NaN;
    long[] curveSteps;
    double[] curve;
  }

  private SetOutcome runSet(double level, int s) {
    Factor f = cfg.factor;
    int n = f == Factor.SAMPLES ? Math.max(10, (int) Math.round(cfg.points * level)) : cfg.points;
    double margin0 = f == Factor.MARGIN ? level : cfg.margin;
    double radius = f == Factor.BOUND ? level : cfg.radius;
    long dataSeed = cfg.seed * 1_000_003L + s;
    SyntheticData.Set set = new SyntheticData(n, cfg.dimension, margin0, radius).sample(dataSeed);
    double[][] x = set.x();
    double[] y = set.y();
    SplittableRandom r = new SplittableRandom(dataSeed ^ 0x5DEECE66DL);
    int i = r.nextInt(n);
    double[][] xi = Vectors.withoutRow(x, i);
    double[] yi = Vectors.without(y, i);
    SetOutcome o = new SetOutcome();
    o.n = n;
    o.sampleBound = set.sampleBound();
    SvmSolution svmS = MaxMarginSvm.fit(x, y);
    o.margin = svmS.margin();
    // Removing a point that is not a support vector leaves ŵ unchanged (it stays feasible and
    // optimal), so the mean of ||Δ̂|| over all n removals is exact from the support vectors alone.
    double sum = 0;
    double max = 0;
    double minNorm = Vectors.norm(svmS.weight());
    for (int j : svmS.supportVectors()) {
      SvmSolution sj = MaxMarginSvm.fit(Vectors.withoutRow(x, j), Vectors.without(y, j));
      double dj = Vectors.directionDistance(svmS.weight(), sj.weight());
      sum += dj;
      max = Math.max(max, dj);
      minNorm = Math.min(minNorm, Vectors.norm(sj.weight()));
    }
    o.svmDelta = sum / n;
    o.svmMax = max;
    o.nu = HeadTuningBound.nuFromNorm(minNorm);
    o.lambda = HeadTuningBound.lambdaFromSvm(svmS, n);
    HeadTuning.Builder hb = HeadTuning.builder().setSteps(cfg.steps).optSeed(dataSeed + 17);
    double eta = 0.5 * hb.build().stepLimit(x);
    hb.optLearningRate(eta);
    int heads = 1;
    double[][] xt = HeadTuning.augment(x, true);
    if (f == Factor.HEADS) {
      heads = (int) Math.round(level);
      SvmSolution hom = MaxMarginSvm.fitHomogeneous(xt, y);
      hb.optHeads(heads).optInitScale(cfg.initScale).optReference(hom.v()).optRecordPoints(25);
    } else if (f == Factor.DISTANCE) {
      SvmSolution hom = MaxMarginSvm.fitHomogeneous(xt, y);
      double[] wStar = hom.v();
      double[] u = new double[wStar.length];
      SplittableRandom ur = new SplittableRandom(dataSeed + 31);
      for (int j = 0; j < u.length; j++) {
        u[j] = HeadTuning.gaussian(ur);
      }
      double nu = Vectors.norm(u);
      double scale = level * Vectors.norm(wStar);
      double[] w0 = new double[wStar.length];
      for (int j = 0; j < w0.length; j++) {
        w0[j] = wStar[j] + scale * u[j] / nu;
      }
      hb.optInit(w0);
      o.x = Vectors.distance(w0, wStar);
      QuadraticFineTuning q = new QuadraticFineTuning(wStar, w0, TAYLOR_MU, 1.0, TAYLOR_STEPS);
      double[] wq = q.train(xt, y);
      double[] wqi = q.train(Vectors.withoutRow(xt, i), yi);
      o.taylorDelta = Vectors.distance(wq, wqi);
      o.taylorBound = o.x == 0 ? 0 : q.bound(n).value();
    }
    HeadTuning ht = hb.build();
    HeadTuningResult full = ht.train(x, y);
    double[] loo = ht.train(xi, yi).mean();
    o.gdDelta = Vectors.directionDistance(full.mean(), loo);
    o.gdRaw = Vectors.distance(full.mean(), loo);
    if (f == Factor.HEADS) {
      o.curveSteps = full.recordedSteps();
      o.curve = full.meanDirectionGap();
    }
    HeadTuningBound b = heads == 1 || !(heads > 2 + 8 * Math.log(1 / HEADS_DELTA))
        ? HeadTuningBound.theorem24(o.nu, o.lambda, o.sampleBound, o.margin, n, cfg.steps)
        : HeadTuningBound.corollary31(o.nu, o.lambda, o.sampleBound, o.margin, n, cfg.steps,
            heads, HEADS_DELTA);
    o.bound = b.value();
    o.convergenceTerm = b.convergenceTerm();
    o.svmTerm = b.svmTerm();
    if (f != Factor.DISTANCE) {
      o.x = switch (f) {
        case HEADS -> heads;
        case SAMPLES -> n;
        case MARGIN -> o.margin;
        default -> o.sampleBound;
      };
    }
    return o;
  }

  private SyntheticResult.Row aggregate(double level, SetOutcome[] out) {
    int k = out.length;
    double[] gd = new double[k];
    double[] raw = new double[k];
    double[] svm = new double[k];
    double[] svmMax = new double[k];
    double[] xs = new double[k];
    double[] bound = new double[k];
    double[] conv = new double[k];
    double[] sv = new double[k];
    double[] bb = new double[k];
    double[] gm = new double[k];
    double[] lam = new double[k];
    double[] nus = new double[k];
    double[] td = new double[k];
    double[] tb = new double[k];
    for (int s = 0; s < k; s++) {
      gd[s] = out[s].gdDelta;
      raw[s] = out[s].gdRaw;
      svm[s] = out[s].svmDelta;
      svmMax[s] = out[s].svmMax;
      xs[s] = out[s].x;
      bound[s] = out[s].bound;
      conv[s] = out[s].convergenceTerm;
      sv[s] = out[s].svmTerm;
      bb[s] = out[s].sampleBound;
      gm[s] = out[s].margin;
      lam[s] = out[s].lambda;
      nus[s] = out[s].nu;
      td[s] = out[s].taylorDelta;
      tb[s] = out[s].taylorBound;
    }
    return new SyntheticResult.Row(level, Vectors.mean(xs), out[0].n, Vectors.mean(gd),
        Vectors.std(gd), Vectors.mean(raw), Vectors.std(raw), Vectors.mean(svm), Vectors.std(svm), Vectors.mean(svmMax), Vectors.mean(bb), Vectors.mean(gm),
        Vectors.mean(lam), Vectors.mean(nus), Vectors.mean(conv), Vectors.mean(sv),
        Vectors.mean(bound), Vectors.mean(td), Vectors.std(td), Vectors.mean(tb));
  }

  /** Builder: the factor is fixed at creation; every size has a documented default. */
  public static final class Builder {
    private final Factor factor;
    private int sets = PAPER_SETS;
    private int points = PAPER_POINTS;
    private int dimension = 5;
    private int steps = 1000;
    private long seed = 0;
    private double margin = 0.25;
    private double radius = 1.0;
    private double initScale = 1.0;
    private double[] levels;

    private Builder(Factor factor) {
      if (factor == null) {
        throw new IllegalArgumentException("factor: must be one of "
            + Arrays.toString(Factor.values()));
      }
      this.factor = factor;
      this.levels = defaultLevels(factor);
    }

    /** Training sets per level (paper: 500). */
    public Builder optSets(int sets) {
      this.sets = sets;
      return this;
    }

    /** Points per set (paper: 2,000); for the samples factor, the largest n. */
    public Builder optPoints(int points) {
      this.points = points;
      return this;
    }

    /** Feature dimension d (default 5; not stated in the paper). */
    public Builder optDimension(int d) {
      this.dimension = d;
      return this;
    }

    /** Gradient steps t (default 1000). */
    public Builder optSteps(int steps) {
      this.steps = steps;
      return this;
    }

    /** Seed. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Nominal margin γ0 of {@link SyntheticData} when not the factor (default 0.25). */
    public Builder optMargin(double gamma0) {
      this.margin = gamma0;
      return this;
    }

    /** Ball radius R of {@link SyntheticData} when not the factor (default 1). */
    public Builder optRadius(double r) {
      this.radius = r;
      return this;
    }

    /** σ0 of the per-head initial weights in the heads factor (default 1). */
    public Builder optInitScale(double s) {
      this.initScale = s;
      return this;
    }

    /** Levels of the factor (defaults: {@link #defaultLevels(Factor)}). */
    public Builder optLevels(double... levels) {
      this.levels = levels.clone();
      return this;
    }

    /** Validates and builds. */
    public SyntheticStability build() {
      if (sets < 1) {
        throw new IllegalArgumentException("sets: must be >= 1, got " + sets);
      }
      if (points < 20) {
        throw new IllegalArgumentException("points: must be >= 20, got " + points);
      }
      if (dimension < 1) {
        throw new IllegalArgumentException("dimension: must be >= 1, got " + dimension);
      }
      if (steps < 3) {
        throw new IllegalArgumentException("steps: must be >= 3 (Theorem 2.4 needs log log t > 0),"
            + " got " + steps);
      }
      if (levels == null || levels.length == 0) {
        throw new IllegalArgumentException("levels: at least one level is needed");
      }
      for (double l : levels) {
        boolean ok = switch (factor) {
          case HEADS -> l >= 1 && l == Math.rint(l);
          case SAMPLES -> l > 0 && l <= 1;
          case MARGIN -> l > 0;
          case DISTANCE -> l >= 0;
          case BOUND -> l > 0;
        };
        if (!ok || !Double.isFinite(l)) {
          throw new IllegalArgumentException("levels: " + l + " is not a valid level for "
              + factor.cliName() + " (heads: whole numbers >= 1; samples: fractions in (0, 1];"
              + " margin: nominal margins > 0; distance: >= 0; bound: radii > 0)");
        }
      }
      new SyntheticData(20, dimension, margin, radius);
      return new SyntheticStability(this);
    }
  }
}
