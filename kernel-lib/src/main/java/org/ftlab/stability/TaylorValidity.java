package org.ftlab.stability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.ftlab.model.Autograd;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;

/**
 * Validity of the second-order Taylor expansion of the loss around a fine-tuned model (paper 2,
 * Fu et al., App. A.8, Figure 11). Every selected parameter is perturbed as
 * {@code w = w*(1 + p(U − 0.5))}, {@code U ~ Uniform(0, 1)} elementwise, and the loss
 * {@code f(w)} is compared with its expansion of eq. (17),
 * {@code f̂(w) = f(w*) + ∇f(w*)ᵀ(w − w*) + ½ (w − w*)ᵀ ∇²f(w*) (w − w*)}, the Hessian-vector
 * product coming from eq. (18) ({@link Hvp}). Reported per {@code p}: mean and sd over repeats
 * of {@code |f̂(w) − f(w)| / |f(w)|}, and the same for the first-order expansion.
 *
 * <p>Writing {@code r = w*(U − 0.5)}, the perturbation is {@code p r}; each repeat draws one
 * {@code U} and uses it for every {@code p} (common random numbers; each {@code p} still sees
 * the distribution of the paper), so one double-backward pass per repeat serves all {@code p}.
 */
public final class TaylorValidity {

  private final DifferentiableModel model;
  private final NDArray inputs;
  private final NDArray targets;
  private final BiFunction<NDArray, NDArray, NDArray> loss;
  private final double[] perturbations;
  private final int repeats;
  private final Predicate<String> subset;
  private final long seed;

  private TaylorValidity(Builder b) {
    model = b.model;
    inputs = b.inputs;
    targets = b.targets;
    loss = b.loss;
    perturbations = b.perturbations.clone();
    repeats = b.repeats;
    subset = b.subset;
    seed = b.seed;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Mean squared error {@code mean((f(x) − y)²)} (regression). */
  public static BiFunction<NDArray, NDArray, NDArray> mse() {
    return (out, y) -> out.sub(y.toType(out.getDataType(), false)).square().mean();
  }

  /** Logistic loss {@code mean(log(1 + exp(−y f(x))))} for labels {@code y ∈ {−1, +1}}. */
  public static BiFunction<NDArray, NDArray, NDArray> logistic() {
    return (out, y) -> out.mul(y.toType(out.getDataType(), false)).neg().exp().add(1).log().mean();
  }

  /**
   * Runs the experiment. The model's parameters are restored to {@code w*} afterwards; those
   * outside the subset have {@code requiresGradient} off during the run and on afterwards.
   * Uses {@link Hvp} once on the model's parameter arrays: because of its one-call restriction,
   * a second run (or any other {@code Hvp} call) on the same selected parameter arrays throws
   * {@link IllegalStateException}; use a copy of the model (or a fresh load) per run.
   *
   * @return gaps per perturbation ratio
   * @throws IllegalStateException if the selected arrays were already used by {@link Hvp}
   */
  public TaylorValidityResult run() {
    List<NamedParameter> all = model.parameters();
    List<NamedParameter> ps = new ArrayList<>();
    for (NamedParameter p : all) {
      if (subset.test(p.name())) {
        ps.add(p);
      } else {
        p.array().setRequiresGradient(false);
      }
    }
    if (ps.isEmpty()) {
      throw new IllegalArgumentException("parameters: the subset selects no parameter");
    }
    long count = ps.stream().mapToLong(NamedParameter::size).sum();
    int np = perturbations.length;
    double[][] gap2 = new double[np][repeats];
    double[][] gap1 = new double[np][repeats];
    double f0;
    try (NDManager work = inputs.getManager().newSubManager()) {
      List<NDArray> optimum = new ArrayList<>();
      for (NamedParameter p : ps) {
        NDArray c = Autograd.noGrad(() -> p.array().stopGradient().duplicate());
        c.attach(work);
        optimum.add(c);
      }
      SplittableRandom rng = new SplittableRandom(seed);
      List<List<NDArray>> directions = new ArrayList<>();
      for (int k = 0; k < repeats; k++) {
        List<NDArray> r = new ArrayList<>();
        for (NDArray w : optimum) {
          double[] u = new double[(int) w.size()];
          for (int j = 0; j < u.length; j++) {
            u[j] = rng.nextDouble() - 0.5;
          }
          NDArray uu = work.create(u).reshape(w.getShape()).toType(w.getDataType(), false);
          NDArray ri = Autograd.noGrad(() -> w.mul(uu));
          ri.attach(work);
          r.add(ri);
        }
        directions.add(r);
      }
      double[] lin = new double[repeats];
      double[] quad = new double[repeats];
      try (NDManager pass = work.newSubManager()) {
        NDArray x = inputs.duplicate();
        x.attach(pass);
        NDArray y = targets.duplicate();
        y.attach(pass);
        Hvp.Result res = Hvp.compute(() -> loss.apply(model.forward(x), y), ps, directions);
        f0 = res.loss();
        for (int k = 0; k < repeats; k++) {
          lin[k] = res.gradientDot(directions.get(k));
          quad[k] = res.curvature(k, directions.get(k));
        }
      }
      for (int k = 0; k < repeats; k++) {
        for (int a = 0; a < np; a++) {
          double p = perturbations[a];
          for (int i = 0; i < ps.size(); i++) {
            NDArray w = optimum.get(i);
            NDArray ri = directions.get(k).get(i);
            try (NDManager tmp = work.newSubManager()) {
              NDArray v = Autograd.noGrad(() -> w.add(ri.mul(p)));
              v.attach(tmp);
              Autograd.assign(ps.get(i).array(), v);
            }
          }
          double f = evaluate();
          double first = f0 + p * lin[k];
          double second = first + 0.5 * p * p * quad[k];
          gap1[a][k] = Math.abs(first - f) / Math.abs(f);
          gap2[a][k] = Math.abs(second - f) / Math.abs(f);
        }
      }
      for (int i = 0; i < ps.size(); i++) {
        Autograd.assign(ps.get(i).array(), optimum.get(i));
      }
    } finally {
      for (NamedParameter p : all) {
        if (!p.array().hasGradient()) {
          p.array().setRequiresGradient(true);
        }
      }
    }
    double[] m2 = new double[np];
    double[] s2 = new double[np];
    double[] m1 = new double[np];
    double[] s1 = new double[np];
    for (int a = 0; a < np; a++) {
      m2[a] = Vectors.mean(gap2[a]);
      s2[a] = repeats > 1 ? Vectors.std(gap2[a]) : 0;
      m1[a] = Vectors.mean(gap1[a]);
      s1[a] = repeats > 1 ? Vectors.std(gap1[a]) : 0;
    }
    return new TaylorValidityResult(perturbations.clone(), m2, s2, m1, s1, repeats, count, f0);
  }

  private double evaluate() {
    return Autograd.noGrad(() -> {
      try (NDManager pass = inputs.getManager().newSubManager()) {
        NDArray x = inputs.duplicate();
        x.attach(pass);
        NDArray y = targets.duplicate();
        y.attach(pass);
        return loss.apply(model.forward(x), y).toType(DataType.FLOAT64, false).getDouble();
      }
    });
  }

  /** Builder: required {@code setX}, optional {@code optX}, validation in {@link #build()}. */
  public static final class Builder {
    private DifferentiableModel model;
    private NDArray inputs;
    private NDArray targets;
    private BiFunction<NDArray, NDArray, NDArray> loss;
    private double[] perturbations = {1e-3, 3e-3, 1e-2, 3e-2, 1e-1};
    private int repeats = 10;
    private Predicate<String> subset = name -> true;
    private long seed;

    private Builder() {}

    /** @param model the fine-tuned model {@code w*} (parameters live, restored after the run) */
    public Builder setModel(DifferentiableModel model) {
      this.model = model;
      return this;
    }

    /** @param inputs the batch {@code x}, as {@code model.forward} takes it */
    public Builder setInputs(NDArray inputs) {
      this.inputs = inputs;
      return this;
    }

    /** @param targets targets {@code y}, shape {@code [N]} */
    public Builder setTargets(NDArray targets) {
      this.targets = targets;
      return this;
    }

    /**
     * @param loss scalar loss of the model output {@code [N]} and the targets, built from DJL
     *     operations (e.g. {@link #mse()}, {@link #logistic()})
     */
    public Builder setLoss(BiFunction<NDArray, NDArray, NDArray> loss) {
      this.loss = loss;
      return this;
    }

    /** @param p perturbation ratios, each {@code > 0} (default 1e-3, 3e-3, 1e-2, 3e-2, 1e-1) */
    public Builder optPerturbations(double... p) {
      this.perturbations = p == null ? null : p.clone();
      return this;
    }

    /** @param repeats draws of {@code U} (default 10; the paper uses 100) */
    public Builder optRepeats(int repeats) {
      this.repeats = repeats;
      return this;
    }

    /** @param subset which parameters (by name) are perturbed; default all */
    public Builder optParameters(Predicate<String> subset) {
      this.subset = subset;
      return this;
    }

    /** @param seed seed of the draws of {@code U} */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Validates the settings.
     *
     * @return the experiment
     */
    public TaylorValidity build() {
      if (model == null) {
        throw new IllegalArgumentException("model: required, call setModel(DifferentiableModel)");
      }
      if (inputs == null || targets == null) {
        throw new IllegalArgumentException("inputs/targets: required, call setInputs and setTargets");
      }
      if (loss == null) {
        throw new IllegalArgumentException("loss: required, call setLoss(BiFunction)");
      }
      if (perturbations == null || perturbations.length == 0
          || Arrays.stream(perturbations).anyMatch(p -> !(p > 0) || Double.isInfinite(p))) {
        throw new IllegalArgumentException("perturbations: need at least one finite p > 0, got "
            + Arrays.toString(perturbations));
      }
      if (repeats < 1) {
        throw new IllegalArgumentException("repeats: " + repeats + ", expected >= 1");
      }
      if (subset == null) {
        throw new IllegalArgumentException("parameters: subset predicate must not be null");
      }
      return new TaylorValidity(this);
    }
  }
}
