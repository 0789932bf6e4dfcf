package org.ftlab.stability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;

/**
 * MixOut (Lee et al. 2019, "Mixout: effective regularization to finetune large-scale pretrained
 * language models"): for one training step every element of each mixed weight w is replaced by its
 * start value w0 with probability p (mask m_j ~ Bernoulli(p), m_j = 1 means "take w0"), and the mix
 * is rescaled so its expectation is w:
 * <pre>  w̃ = (m ⊙ w0 + (1 − m) ⊙ w − p·w0) / (1 − p),   E_m[w̃] = w.</pre>
 * Evaluation uses w itself. w0 is the pretrained value for encoder weights and, for the new
 * classification head (which has no pretrained value), its random initial value, as Lee et al. do
 * for the output layer.
 *
 * <p>Implementation without touching the encoder's forward pass: {@link #apply} writes w̃ into the
 * live parameter in place (keeping a copy of w), the forward/backward pass then yields ∂L/∂w̃, and
 * {@link Step#restore} puts w back and turns the gradient into ∂L/∂w = ∂L/∂w̃ ⊙ (1 − m)/(1 − p),
 * the exact chain rule of the map w ↦ w̃.
 */
final class MixOut {
  private final double p;
  private final List<NamedParameter> params;
  private final List<NDArray> start;
  private final SplittableRandom rnd;

  /**
   * @param p mixing probability in [0, 1)
   * @param params the weights to mix (live arrays)
   * @param start their start values w0, same order and shapes
   * @param seed seed of the masks
   */
  MixOut(double p, List<NamedParameter> params, List<NDArray> start, long seed) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("mixoutP: must be in [0, 1), got " + p);
    }
    if (params.size() != start.size()) {
      throw new IllegalArgumentException("start: " + start.size() + " arrays for "
          + params.size() + " parameters");
    }
    this.p = p;
    this.params = List.copyOf(params);
    this.start = List.copyOf(start);
    this.rnd = new SplittableRandom(seed);
  }

  /** One applied mix, to be restored after the backward pass. */
  final class Step {
    private final List<NDArray> saved;
    private final List<NDArray> keepScale;

    private Step(List<NDArray> saved, List<NDArray> keepScale) {
      this.saved = saved;
      this.keepScale = keepScale;
    }

    /**
     * Puts w back into every parameter and scales its gradient (if any) by (1 − m)/(1 − p).
     */
    void restore() {
      Autograd.noGrad(() -> {
        for (int i = 0; i < params.size(); i++) {
          NDArray w = params.get(i).array();
          if (w.hasGradient()) {
            try (NDArray g = w.getGradient()) {
              g.muli(keepScale.get(i));
            }
          }
          Autograd.assign(w, saved.get(i));
        }
      });
    }
  }

  /** Draws the masks and writes w̃ into the parameters; arrays are made in {@code scope}. */
  Step apply(NDManager scope) {
    List<NDArray> saved = new ArrayList<>();
    List<NDArray> keep = new ArrayList<>();
    Autograd.noGrad(() -> {
      for (int i = 0; i < params.size(); i++) {
        NDArray w = params.get(i).array();
        NDArray w0 = start.get(i);
        NDArray copy = w.duplicate();
        copy.attach(scope);
        saved.add(copy);
        float[] mask = new float[Math.toIntExact(w.size())];
        for (int j = 0; j < mask.length; j++) {
          mask[j] = rnd.nextDouble() < p ? 1f : 0f;
        }
        NDArray m = scope.create(mask, w.getShape());
        NDArray one = m.onesLike();
        // w̃ = (m w0 + (1 − m) w − p w0) / (1 − p) = ((m − p) w0 + (1 − m) w) / (1 − p); every
        // intermediate is made from m so it lives in scope, not in the managers of w or w0
        NDArray mixed = Autograd.div(m.sub((float) p).mul(w0).add(one.sub(m).mul(w)), (float) (1 - p));
        Autograd.assign(w, mixed);
        keep.add(Autograd.div(one.sub(m), (float) (1 - p)));
      }
    });
    return new Step(saved, keep);
  }

  double p() {
    return p;
  }
}
