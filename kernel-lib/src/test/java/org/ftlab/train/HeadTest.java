package org.ftlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class HeadTest {
  @Test
  void regressionBiasStartsWhereItIsSetAndStaysTrainable() {
    try (NDManager m = NDManager.newBaseManager(); Head h = new Head(4, 1, 7L, m)) {
      h.setBias(2.5);
      float[] out = h.forward(m.zeros(new Shape(3, 4))).toFloatArray();
      assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, out, 0f, "zero features -> the bias");
      assertTrue(h.parameters().stream().allMatch(p -> p.array().hasGradient()
          || p.array().getGradient() != null), "parameters still require gradients");
    }
  }
}
