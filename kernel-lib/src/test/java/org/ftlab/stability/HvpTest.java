package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;
import org.junit.jupiter.api.Test;

class HvpTest {

  @Test
  void cubicMatchesClosedForm() {
    // f(w) = Σ_i (w·x_i)^3: ∇f = Σ 3 (w·x_i)^2 x_i, ∇²f v = Σ 6 (w·x_i)(x_i·v) x_i.
    int n = 5;
    int d = 4;
    Random r = new Random(3);
    double[][] x = new double[n][d];
    double[] w = new double[d];
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = r.nextGaussian();
      v[j] = r.nextGaussian();
      for (int i = 0; i < n; i++) {
        x[i][j] = r.nextGaussian();
      }
    }
    double[] grad = new double[d];
    double[] hv = new double[d];
    for (int i = 0; i < n; i++) {
      double wx = 0;
      double vx = 0;
      for (int j = 0; j < d; j++) {
        wx += w[j] * x[i][j];
        vx += v[j] * x[i][j];
      }
      for (int j = 0; j < d; j++) {
        grad[j] += 3 * wx * wx * x[i][j];
        hv[j] += 6 * wx * vx * x[i][j];
      }
    }
    try (NDManager m = NDManager.newBaseManager()) {
      PowerModel model = new PowerModel(m, w, 3);
      NDArray xs = m.create(x);
      // Two directions in one call: v, then 2v (the second product must be exactly twice).
      Hvp.Result res = Hvp.compute(() -> model.forward(xs).sum(), model.parameters(),
          List.of(List.of(m.create(v)), List.of(m.create(v).mul(2))));
      double[] gotG = res.gradient().get(0).toDoubleArray();
      double[] gotH = res.hvp().get(0).get(0).toDoubleArray();
      double[] gotH2 = res.hvp().get(1).get(0).toDoubleArray();
      for (int j = 0; j < d; j++) {
        assertEquals(grad[j], gotG[j], 1e-12 * (1 + Math.abs(grad[j])),
            "∇f of Σ(w·x)^3 vs closed form, tol 1e-12 rel");
        assertEquals(hv[j], gotH[j], 1e-12 * (1 + Math.abs(hv[j])),
            "∇²f v of Σ(w·x)^3 vs closed form 6Σ(w·x)(v·x)x, tol 1e-12 rel");
        assertEquals(2 * hv[j], gotH2[j], 1e-12 * (1 + Math.abs(hv[j])),
            "second direction 2v read as a .grad difference: 2·closed form, tol 1e-12 rel");
      }
      assertEquals(dot(hv, v), res.curvature(0, List.of(m.create(v))), 1e-12 * Math.abs(dot(hv, v)),
          "vᵀ∇²f v vs closed form, tol 1e-12 rel");
    }
  }

  @Test
  void affineLossHasZeroHessian() {
    try (NDManager m = NDManager.newBaseManager()) {
      PowerModel model = new PowerModel(m, new double[] {1, 2}, 1);
      NDArray xs = m.create(new double[][] {{1, 3}, {2, -1}});
      Hvp.Result res = Hvp.compute(() -> model.forward(xs).sum(), model.parameters(),
          List.of(List.of(m.create(new double[] {1, 1}))));
      assertEquals(3.0, res.gradient().get(0).toDoubleArray()[0], 1e-15, "∇f = Σx_i, exact");
      assertEquals(0.0, res.hvp().get(0).get(0).abs().max().getDouble(), 0.0,
          "f affine in w: ∇²f v must be exactly 0");
    }
  }

  @Test
  void attentionNetworkMatchesFiniteDifferencesOfGradient() {
    try (NDManager m = NDManager.newBaseManager();
        AttentionNetwork net = AttentionNetwork.builder().setWidth(6).setHeads(2).setLayers(2)
            .setSeqLength(4).setInputDim(3).optLayerNorm(true).optMlp(true).optResidual(true)
            .optInputEmbedding(true).optDataType(DataType.FLOAT64).optSeed(5).build()) {
      Random r = new Random(9);
      NDArray x = m.create(randn(r, 36)).reshape(3, 4, 3);
      NDArray y = m.create(randn(r, 3));
      List<NamedParameter> ps = net.parameters();
      List<NDArray> v = new ArrayList<>();
      for (NamedParameter p : ps) {
        v.add(m.create(randn(r, (int) p.size())).reshape(p.array().getShape()));
      }
      NDArray xs = x;
      Hvp.Result at = Hvp.compute(() -> loss(net, xs, y), ps, List.of(v));
      double eps = 1e-5;
      List<double[]> plus = gradientAt(net, xs, y, v, eps);
      List<double[]> minus = gradientAt(net, xs, y, v, -eps);
      double scale = 0;
      for (NDArray h : at.hvp().get(0)) {
        scale = Math.max(scale, h.abs().max().getDouble());
      }
      for (int i = 0; i < ps.size(); i++) {
        double[] got = at.hvp().get(0).get(i).toDoubleArray();
        for (int j = 0; j < got.length; j++) {
          double fd = (plus.get(i)[j] - minus.get(i)[j]) / (2 * eps);
          assertEquals(fd, got[j], 1e-7 * scale, ps.get(i).name() + "[" + j
              + "]: ∇²f v vs central differences of ∇f (ε=1e-5), tol 1e-7 · max|∇²f v| = "
              + 1e-7 * scale);
        }
      }
    }
  }

  @Test
  void rejectsMismatchedDirection() {
    try (NDManager m = NDManager.newBaseManager()) {
      PowerModel model = new PowerModel(m, new double[] {1, 2}, 2);
      NDArray x1 = m.create(new double[][] {{1, 3}});
      assertThrows(IllegalArgumentException.class,
          () -> Hvp.compute(() -> model.forward(x1).sum(), model.parameters(), List.of(List.of(m.create(new double[] {1})))));
      assertThrows(IllegalArgumentException.class,
          () -> Hvp.compute(() -> model.forward(m.create(new double[][] {{1, 3}, {1, 1}})),
              model.parameters(), List.of(List.of(m.create(new double[] {1, 1})))));
    }
  }

  @Test
  void secondCallOnSameArraysFailsLoudly() {
    try (NDManager m = NDManager.newBaseManager()) {
      PowerModel model = new PowerModel(m, new double[] {1, 2}, 3);
      NDArray x = m.create(new double[][] {{1, 3}, {2, -1}});
      List<List<NDArray>> r = List.of(List.of(m.create(new double[] {1, 1})));
      Hvp.compute(() -> model.forward(x).sum(), model.parameters(), r);
      assertThrows(IllegalStateException.class,
          () -> Hvp.compute(() -> model.forward(x).sum(), model.parameters(), r),
          "a second call would otherwise add the first call's Hessian through the kept .grad");
    }
  }

  private static NDArray loss(AttentionNetwork net, NDArray x, NDArray y) {
    return net.forward(x).sub(y).square().mean();
  }

  /** ∇f at w + εv on a fresh copy of the network (Hvp needs fresh parameter arrays). */
  private static List<double[]> gradientAt(AttentionNetwork net, NDArray x, NDArray y,
      List<NDArray> v, double eps) {
    try (AttentionNetwork c = net.copy()) {
      List<NamedParameter> ps = c.parameters();
      for (int i = 0; i < ps.size(); i++) {
        NDArray p = ps.get(i).array();
        NDArray vi = v.get(i);
        Autograd.assign(p, Autograd.noGrad(() -> p.add(vi.mul(eps))));
      }
      List<NDArray> zeros = new ArrayList<>();
      for (NamedParameter p : ps) {
        zeros.add(p.array().zerosLike());
      }
      Hvp.Result res = Hvp.compute(() -> loss(c, x, y), ps, List.of(zeros));
      List<double[]> g = new ArrayList<>();
      for (NDArray a : res.gradient()) {
        g.add(a.toDoubleArray());
      }
      return g;
    }
  }

  private static double[] randn(Random r, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian();
    }
    return a;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
