package org.ftlab.stability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;

/** Test model {@code f(w, x_i) = (x_i · w)^k} in float64, with closed-form derivatives. */
final class PowerModel implements DifferentiableModel {
  final NDArray w;
  final int k;
  private final List<NamedParameter> params;

  PowerModel(NDManager m, double[] w0, int k) {
    this.k = k;
    w = m.create(w0);
    w.setRequiresGradient(true);
    params = List.of(new NamedParameter("w", w));
  }

  @Override
  public NDArray forward(NDArray x) {
    NDArray z = x.matMul(w);
    return k == 1 ? z : z.pow(k);
  }

  @Override
  public List<NamedParameter> parameters() {
    return params;
  }
}
