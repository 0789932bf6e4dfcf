package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ParameterDistanceTest {

  @Test
  void handComputedExample() {
    // w0: a = (3, -4), b = (1, 0, -2); w*: a = (3.3, -4), b = (1, 0.1, -2.2)
    // group "a": d = (0.3, 0): 1-norm 0.3/7, 2-norm 0.3/5, inf 0.3/4
    // group "b": d = (0, 0.1, -0.2): 1-norm 0.3/3, 2-norm sqrt(0.05)/sqrt(5), inf 0.2/2
    // overall: 1-norm 0.6/10, 2-norm sqrt(0.14)/sqrt(30), inf 0.3/4
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w0 = new LinkedHashMap<>();
      w0.put("a", m.create(new float[] {3, -4}));
      w0.put("b", m.create(new float[] {1, 0, -2}));
      Map<String, NDArray> ws = new LinkedHashMap<>();
      ws.put("a", m.create(new float[] {3.3f, -4}));
      ws.put("b", m.create(new float[] {1, 0.1f, -2.2f}));
      ParameterDistanceResult r = ParameterDistance.compute(w0, ws, Function.identity());
      double tol = 1e-6; // float32 inputs: 3.3f - 3 carries ~1e-7 relative error
      assertEquals(2, r.groups().size());
      assertEquals("a", r.groups().get(0).group());
      assertEquals(0.3 / 7, r.groups().get(0).relative1(), tol, "a, 1-norm (tol 1e-6)");
      assertEquals(0.3 / 5, r.groups().get(0).relative2(), tol, "a, 2-norm (tol 1e-6)");
      assertEquals(0.3 / 4, r.groups().get(0).relativeInf(), tol, "a, inf-norm (tol 1e-6)");
      assertEquals(0.3 / 3, r.groups().get(1).relative1(), tol, "b, 1-norm (tol 1e-6)");
      assertEquals(Math.sqrt(0.05 / 5), r.groups().get(1).relative2(), tol, "b, 2-norm (tol 1e-6)");
      assertEquals(0.2 / 2, r.groups().get(1).relativeInf(), tol, "b, inf-norm (tol 1e-6)");
      assertEquals(0.6 / 10, r.overall().relative1(), tol, "overall 1-norm (tol 1e-6)");
      assertEquals(Math.sqrt(0.14 / 30), r.overall().relative2(), tol, "overall 2-norm (tol 1e-6)");
      assertEquals(0.3 / 4, r.overall().relativeInf(), tol, "overall inf-norm (tol 1e-6)");
      assertEquals(5, r.overall().count());
      assertEquals(3, r.rows().size());
      assertTrue(r.summaryHtml().contains("overall"));
      assertEquals(1, r.charts().size());
      byte[] png = org.ftlab.plot.ChartImages.png(r.charts().get(0));
      assertTrue(png.length > 1000, "the chart paints to a PNG (log axis, no bar from 0)");
    }
  }

  @Test
  void groupsMatchAPlainLoopOnRandomMatricesInFloat64() {
    try (NDManager m = NDManager.newBaseManager()) {
      Random rnd = new Random(7);
      String[] names = {"embeddings.word", "encoder.layer.0.q", "encoder.layer.0.k",
          "encoder.layer.1.q", "head.weight"};
      Map<String, NDArray> w0 = new LinkedHashMap<>();
      Map<String, NDArray> ws = new LinkedHashMap<>();
      Map<String, double[][]> raw = new LinkedHashMap<>();
      for (String n : names) {
        double[] a = new double[12];
        double[] b = new double[12];
        for (int i = 0; i < 12; i++) {
          a[i] = rnd.nextGaussian();
          b[i] = a[i] + 0.01 * rnd.nextGaussian();
        }
        w0.put(n, m.create(a).reshape(3, 4));
        ws.put(n, m.create(b).reshape(3, 4));
        raw.put(n, new double[][] {a, b});
      }
      ParameterDistanceResult r = ParameterDistance.compute(w0, ws, ParameterDistance.bertGroups());
      assertEquals(java.util.List.of("embeddings", "layer 0", "layer 1", "head"),
          r.groups().stream().map(ParameterDistanceResult.Row::group).toList());
      // layer 0 = the two tensors q and k concatenated
      double[] s = new double[6];
      for (String n : new String[] {"encoder.layer.0.q", "encoder.layer.0.k"}) {
        double[] a = raw.get(n)[0];
        double[] b = raw.get(n)[1];
        for (int i = 0; i < a.length; i++) {
          double d = b[i] - a[i];
          s[0] += Math.abs(a[i]);
          s[1] += a[i] * a[i];
          s[2] = Math.max(s[2], Math.abs(a[i]));
          s[3] += Math.abs(d);
          s[4] += d * d;
          s[5] = Math.max(s[5], Math.abs(d));
        }
      }
      ParameterDistanceResult.Row l0 = r.groups().get(1);
      assertEquals(24, l0.count());
      assertEquals(s[3] / s[0], l0.relative1(), 1e-12, "layer 0 1-norm vs loop (tol 1e-12)");
      assertEquals(Math.sqrt(s[4] / s[1]), l0.relative2(), 1e-12, "layer 0 2-norm vs loop");
      assertEquals(s[5] / s[2], l0.relativeInf(), 1e-12, "layer 0 inf-norm vs loop");
      assertEquals(60, r.overall().count());
    }
  }

  @Test
  void identicalParametersGiveZeroAndBadInputIsNamed() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> w0 = Map.of("x", m.create(new float[] {1, 2}));
      ParameterDistanceResult r = ParameterDistance.compute(w0, w0, n -> "all");
      assertEquals(0.0, r.overall().relative2(), 0.0, "w* = w0 gives exactly 0");
      assertTrue(org.ftlab.plot.ChartImages.png(r.charts().get(0)).length > 1000,
          "a zero distance still paints on the log axis (floored at 1e-12)");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ParameterDistance.compute(w0, Map.of("y", m.create(new float[] {1, 2})), n -> n));
      assertTrue(e.getMessage().startsWith("wStar:"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> ParameterDistance.compute(w0, Map.of("x", m.create(new float[] {1, 2, 3})), n -> n));
      assertTrue(e.getMessage().contains("shape"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> ParameterDistance.compute(Map.of("z", m.zeros(new ai.djl.ndarray.types.Shape(2))),
              Map.of("z", m.create(new float[] {1, 2})), n -> n));
      assertTrue(e.getMessage().startsWith("w0:"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> ParameterDistance.compute(Map.of(), Map.of(), n -> n));
      assertTrue(e.getMessage().startsWith("w0:"), e.getMessage());
    }
  }
}
