package org.ftlab.stability;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;

/**
 * Gradient and Hessian-vector products of a scalar loss by double backward (paper 2, Fu et al.,
 * App. A.8, eq. 18): {@code ∇²f(w*) r = ∇_w (∇f(w*)ᵀ r)} with {@code r} held constant. The first
 * backward pass records its own graph ({@code create_graph}), so the gradient is differentiable;
 * each further pass differentiates {@code ∇fᵀ r_k} for one direction. {@code GradientCollector}
 * cannot do this (STACK.md), so this calls the PyTorch engine's
 * {@code JniUtils.backward(target, grad, keepGraph, createGraph)} directly.
 *
 * <p>PyTorch accumulates every pass into the parameters' {@code .grad}, so product {@code k} is
 * read as the change of {@code .grad} across pass {@code k}; in float32 this costs about
 * {@code 1e-7 · |∇f + Σ_j ∇²f r_j|} of absolute accuracy per entry (nothing visible in float64).
 *
 * <p><b>One call per set of parameter arrays.</b> After a {@code create_graph} pass the
 * parameters' {@code .grad} keeps a history that DJL can neither unset nor detach (zeroing it in
 * place does not cut the history: a second call would silently add the first call's Hessian).
 * The graph is freed at the end, so a second call on the same arrays fails with an
 * {@link IllegalStateException} rather than returning wrong numbers; pass all directions at once,
 * or use fresh parameter arrays (e.g. {@code AttentionNetwork.copy()}). First-order uses of the
 * parameters afterwards (zeroed gradients, {@code GradientCollector}) are unaffected.
 */
public final class Hvp {

  private Hvp() {}

  /**
   * Gradient {@code ∇f(w)} and Hessian-vector products {@code ∇²f(w) r_k} of one loss.
   *
   * @param loss {@code f(w)}
   * @param gradient one array per parameter
   * @param hvp per direction {@code k}, one array per parameter
   */
  public record Result(double loss, List<NDArray> gradient, List<List<NDArray>> hvp) {

    /** {@code ∇fᵀ r} (the first-order term of eq. 17). */
    public double gradientDot(List<NDArray> r) {
      return dot(gradient, r);
    }

    /** {@code r_kᵀ ∇²f r_k}: twice the second-order term of eq. 17 for direction {@code k}. */
    public double curvature(int k, List<NDArray> r) {
      return dot(hvp.get(k), r);
    }
  }

  /**
   * Computes {@code f}, {@code ∇f} and {@code ∇²f · r_k} for each direction, at the current
   * parameter values.
   *
   * @param loss builds the scalar loss from the arrays of {@code parameters}; called once with
   *     PyTorch's grad mode on (DJL keeps it off outside {@code GradientCollector})
   * @param parameters the parameters {@code w} (each requiring gradient) differentiated against;
   *     others should have {@code requiresGradient} off, else their gradients are computed and
   *     dropped
   * @param directions the {@code r_k}, each one array per parameter with the same shape
   * @return loss, gradient and products, attached to the loss's manager
   * @throws IllegalArgumentException if the loss is not scalar or the shapes disagree
   * @throws IllegalStateException if these parameter arrays were used by an earlier call
   */
  public static Result compute(Supplier<NDArray> loss, List<NamedParameter> parameters,
      List<List<NDArray>> directions) {
    if (loss == null) {
      throw new IllegalArgumentException("loss: must not be null");
    }
    if (parameters == null || parameters.isEmpty()) {
      throw new IllegalArgumentException("parameters: must not be empty");
    }
    if (directions == null || directions.isEmpty()) {
      throw new IllegalArgumentException("directions: must not be empty");
    }
    for (int k = 0; k < directions.size(); k++) {
      List<NDArray> r = directions.get(k);
      if (r == null || r.size() != parameters.size()) {
        throw new IllegalArgumentException("directions[" + k + "]: needs one array per parameter ("
            + parameters.size() + "), got " + (r == null ? 0 : r.size()));
      }
      for (int i = 0; i < parameters.size(); i++) {
        NamedParameter p = parameters.get(i);
        if (!p.array().getShape().equals(r.get(i).getShape())) {
          throw new IllegalArgumentException("directions[" + k + "][" + i + "]: shape "
              + r.get(i).getShape() + " differs from " + p.name() + " " + p.array().getShape());
        }
      }
    }
    for (NamedParameter p : parameters) {
      if (!p.array().hasGradient()) {
        throw new IllegalArgumentException(
            "parameters: " + p.name() + " does not require a gradient");
      }
    }
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try {
      NDArray l = loss.get();
      if (l == null || l.size() != 1) {
        throw new IllegalArgumentException(
            "loss: must be a scalar, got " + (l == null ? "null" : l.getShape()));
      }
      return compute(l, parameters, directions);
    } catch (EngineException e) {
      if (e.getMessage() != null && e.getMessage().contains("backward through the graph a second")) {
        throw new IllegalStateException("parameters: already used by an earlier Hvp.compute call"
            + " (DJL cannot reset their .grad); use fresh parameter arrays", e);
      }
      throw e;
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  private static Result compute(NDArray loss, List<NamedParameter> parameters,
      List<List<NDArray>> directions) {
    NDManager out = loss.getManager();
    double value = loss.toType(DataType.FLOAT64, false).getDouble();
    Autograd.zeroGradients(parameters);
    try (NDManager scratch = out.newSubManager()) {
      NDArray seed = loss.onesLike();
      seed.attach(scratch);
      JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, true, true);
      // The gradients, still carrying their graph (create_graph = true).
      List<NDArray> live = new ArrayList<>();
      List<NDArray> gradient = new ArrayList<>();
      for (NamedParameter p : parameters) {
        NDArray g = p.array().getGradient();
        g.attach(scratch);
        live.add(g);
        NDArray copy = Autograd.noGrad(() -> g.stopGradient().duplicate());
        copy.attach(out);
        gradient.add(copy);
      }
      List<List<NDArray>> hvps = new ArrayList<>();
      List<NDArray> before = gradient;
      boolean constantGradient = false;
      for (int k = 0; k < directions.size(); k++) {
        List<NDArray> r = directions.get(k);
        NDArray s = null;
        for (int i = 0; i < parameters.size(); i++) {
          NDArray ri = r.get(i).toType(live.get(i).getDataType(), false);
          NDArray term = live.get(i).mul(ri).sum();
          term.attach(scratch);
          s = s == null ? term : s.add(term);
          s.attach(scratch);
        }
        NDArray seed2 = s.onesLike();
        seed2.attach(scratch);
        if (!constantGradient) {
          try {
            // JniUtils.requiresGrad reports false for these graph outputs, so just try.
            JniUtils.backward((PtNDArray) s, (PtNDArray) seed2,
                k < directions.size() - 1, false);
          } catch (EngineException e) {
            if (e.getMessage() == null || !e.getMessage().contains("does not require grad")) {
              throw e;
            }
            constantGradient = true; // ∇f does not depend on w (f affine in w): ∇²f = 0
          }
        }
        List<NDArray> hk = new ArrayList<>();
        List<NDArray> now = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
          NDArray h;
          if (constantGradient) {
            h = gradient.get(i).zerosLike();
          } else {
            NDArray after = parameters.get(i).array().getGradient();
            NDArray snapshot = Autograd.noGrad(() -> after.stopGradient().duplicate());
            snapshot.attach(scratch);
            after.attach(scratch);
            now.add(snapshot);
            NDArray b = before.get(i);
            h = Autograd.noGrad(() -> snapshot.sub(b));
          }
          h.attach(out);
          hk.add(h);
        }
        if (!constantGradient) {
          before = now;
        }
        hvps.add(hk);
      }
      Autograd.zeroGradients(parameters);
      return new Result(value, gradient, hvps);
    }
  }

  static double dot(List<NDArray> a, List<NDArray> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("r: needs " + a.size() + " arrays, got " + b.size());
    }
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      double[] x = a.get(i).toType(DataType.FLOAT64, true).toDoubleArray();
      double[] y = b.get(i).toType(DataType.FLOAT64, true).toDoubleArray();
      if (x.length != y.length) {
        throw new IllegalArgumentException("r[" + i + "]: " + y.length + " entries, expected "
            + x.length);
      }
      for (int j = 0; j < x.length; j++) {
        s += x[j] * y[j];
      }
    }
    return s;
  }
}
