package org.ftlab.stability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;

/**
 * Adam without weight decay, in the closed form DJL's {@code Optimizer.adamW()} uses (see
 * {@code org.ftlab.train.EncoderFineTuner}): {@code m ← β1 m + (1−β1) g}, {@code v ← β2 v + (1−β2) g²},
 * {@code θ ← θ − lr·sqrt(1−β2^t)/(1−β1^t) · m/(sqrt(v) + ε)}, β1 = 0.9, β2 = 0.999, ε = 1e-8.
 *
 * <p>Written out because DJL's optimiser creates its moment arrays in each parameter's own manager,
 * where they live as long as the encoder: a fresh optimiser per seed would keep another 180 MB
 * (MiniLM) per seed. Here the moments live in {@code states}, closed by the caller, and every
 * temporary is closed at once.
 */
final class AdamW {
  private final double lr;
  private final NDManager states;
  private final Map<String, NDArray[]> moments = new HashMap<>();
  private int t;

  AdamW(double lr, NDManager states) {
    this.lr = lr;
    this.states = states;
  }

  /** One update of every parameter that has a gradient. */
  void step(List<NamedParameter> params) {
    t++;
    float rate = (float) (lr * Math.sqrt(1 - Math.pow(HeadTrainer.BETA2, t))
        / (1 - Math.pow(HeadTrainer.BETA1, t)));
    Autograd.noGrad(() -> {
      for (NamedParameter p : params) {
        NDArray theta = p.array();
        if (!theta.hasGradient()) {
          continue;
        }
        NDArray[] mv = moments.computeIfAbsent(p.name(), k -> new NDArray[] {
            states.zeros(theta.getShape(), theta.getDataType()),
            states.zeros(theta.getShape(), theta.getDataType())});
        NDArray m = mv[0];
        NDArray v = mv[1];
        try (NDArray g = theta.getGradient()) {
          m.muli((float) HeadTrainer.BETA1);
          try (NDArray t1 = g.mul((float) (1 - HeadTrainer.BETA1))) {
            m.addi(t1);
          }
          v.muli((float) HeadTrainer.BETA2);
          try (NDArray t2 = g.square()) {
            t2.muli((float) (1 - HeadTrainer.BETA2));
            v.addi(t2);
          }
        }
        try (NDArray den = v.sqrt()) {
          den.addi((float) HeadTrainer.EPS);
          try (NDArray upd = m.div(den)) {
            upd.muli(rate);
            theta.subi(upd);
          }
        }
      }
    });
  }
}
