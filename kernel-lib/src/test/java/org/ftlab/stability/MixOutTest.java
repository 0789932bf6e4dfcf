package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;
import org.junit.jupiter.api.Test;

/**
 * MixOut (Lee et al. 2019): every draw is w0 or (w − p·w0)/(1 − p), w0 with frequency p, the mean
 * over many draws is w (closed form E[w̃] = w, Var[w̃] = p(w − w0)²/(1 − p)), w is restored exactly
 * and the gradient becomes ∂L/∂w̃ ⊙ (1 − m)/(1 − p).
 */
class MixOutTest {
  @Test
  void drawsAreUnbiasedRescaledMixesAndGradientsFollowTheChainRule() {
    float[] w = {0.5f, -1.25f, 2.0f, 0.1f, -0.7f, 3.0f};
    float[] w0 = {0.0f, 0.75f, 1.0f, -0.4f, -0.7f, 1.5f};
    float[] coef = {1f, 2f, -3f, 0.5f, 4f, -1f};
    double p = 0.7;
    int draws = 6000;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray param = m.create(w, new Shape(2, 3));
      param.setRequiresGradient(true);
      NDArray start = m.create(w0, new Shape(2, 3));
      NDArray c = m.create(coef, new Shape(2, 3));
      MixOut mix = new MixOut(p, List.of(new NamedParameter("w", param)), List.of(start), 11L);
      double[] sum = new double[w.length];
      double[] sumSq = new double[w.length];
      int[] tookStart = new int[w.length];
      for (int k = 0; k < draws; k++) {
        try (NDManager scope = m.newSubManager()) {
          Autograd.zeroGradients(List.of(new NamedParameter("w", param)));
          MixOut.Step st = mix.apply(scope);
          float[] mixed = param.toFloatArray();
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(param.mul(c).sum()); // ∂/∂w̃ = c
          }
          st.restore();
          float[] g = param.getGradient().toFloatArray();
          float[] back = param.toFloatArray();
          for (int j = 0; j < w.length; j++) {
            assertEquals(w[j], back[j], 0f, "w restored exactly after the step");
            double kept = (w[j] - p * w0[j]) / (1 - p);
            boolean isStart = Math.abs(mixed[j] - w0[j]) < 1e-5;
            boolean isKept = Math.abs(mixed[j] - kept) < 1e-5;
            if (w[j] == w0[j]) {
              // both branches give w0 = w; the gradient still tells which one was drawn
              isStart = Math.abs(g[j]) < 1e-6;
              isKept = !isStart;
            }
            assertTrue(isStart ^ isKept, "draw " + k + " element " + j + ": " + mixed[j]
                + " must be w0 = " + w0[j] + " or (w − p w0)/(1 − p) = " + kept);
            double expectedGrad = isStart ? 0 : coef[j] / (1 - p);
            assertEquals(expectedGrad, g[j], 1e-5, "∂L/∂w = c (1 − m)/(1 − p), element " + j);
            tookStart[j] += isStart ? 1 : 0;
            sum[j] += mixed[j];
            sumSq[j] += (double) mixed[j] * mixed[j];
          }
        }
      }
      for (int j = 0; j < w.length; j++) {
        double mean = sum[j] / draws;
        double var = p * (w[j] - w0[j]) * (w[j] - w0[j]) / (1 - p);
        double se = Math.sqrt(var / draws);
        assertEquals(w[j], mean, 5 * se + 1e-5, "E[w̃] = w within 5 standard errors (" + se + "), element " + j);
        if (var > 0) {
          double empVar = sumSq[j] / draws - mean * mean;
          assertEquals(var, empVar, 0.06 * var, "Var[w̃] = p (w − w0)²/(1 − p) within 6% (about 5 standard errors), element " + j);
        }
        double freq = (double) tookStart[j] / draws;
        double fse = Math.sqrt(p * (1 - p) / draws);
        assertEquals(p, freq, 5 * fse, "w0 drawn with probability p within 5 standard errors");
      }
    }
  }

  @Test
  void badProbabilityIsRejected() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.ones(new Shape(2));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new MixOut(1.0, List.of(new NamedParameter("a", a)), List.of(a), 0));
      assertTrue(e.getMessage().startsWith("mixoutP"), e.getMessage());
    }
  }
}
