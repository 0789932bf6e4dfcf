package org.ftlab.stability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Relative distance between pretrained parameters {@code w0} and fine-tuned ones {@code w*}
 * (paper 2, Fu et al., App. A.7, Table 6): {@code ‖w* − w0‖_q / ‖w0‖_q} for {@code q = 1, 2, ∞},
 * each parameter tensor flattened and the tensors of a group concatenated into one vector. The
 * smallness of these ratios is the premise of the Taylor expansion of eq. (2) behind Theorem 2.2.
 */
public final class ParameterDistance {

  private ParameterDistance() {}

  /**
   * Groups BERT checkpoint names: {@code embeddings}, {@code layer k} for
   * {@code encoder.layer.k.*}, {@code head} for {@code head.*}, otherwise the name itself.
   *
   * @return a name → group function for {@link #compute}
   */
  public static Function<String, String> bertGroups() {
    return name -> {
      if (name.startsWith("embeddings.")) {
        return "embeddings";
      }
      if (name.startsWith("head.")) {
        return "head";
      }
      String prefix = "encoder.layer.";
      if (name.startsWith(prefix)) {
        int dot = name.indexOf('.', prefix.length());
        return "layer " + (dot < 0 ? name.substring(prefix.length())
            : name.substring(prefix.length(), dot));
      }
      return name;
    };
  }

  /**
   * Relative 1-, 2- and ∞-norm distances per group (in order of first appearance in {@code w0})
   * and over all parameters. Sums are accumulated in float64.
   *
   * @param w0 pretrained parameters by name (e.g. {@code BertEncoder.parameters()} copied
   *     before training)
   * @param wStar fine-tuned parameters, the same names and shapes
   * @param group maps a parameter name to its group label (e.g. {@link #bertGroups()})
   * @return the distances
   * @throws IllegalArgumentException if the name sets or shapes differ, a map is empty, or a
   *     group of {@code w0} is identically zero (its relative distance is undefined)
   */
  public static ParameterDistanceResult compute(Map<String, NDArray> w0,
      Map<String, NDArray> wStar, Function<String, String> group) {
    if (w0 == null || w0.isEmpty()) {
      throw new IllegalArgumentException("w0: must contain at least one parameter");
    }
    if (wStar == null || wStar.size() != w0.size()) {
      throw new IllegalArgumentException("wStar: needs the " + w0.size() + " parameters of w0, got "
          + (wStar == null ? 0 : wStar.size()));
    }
    if (group == null) {
      throw new IllegalArgumentException("group: must not be null");
    }
    Map<String, double[]> acc = new LinkedHashMap<>(); // {count, Σ|w0|, Σw0², max|w0|, Σ|d|, Σd², max|d|}
    double[] total = new double[7];
    for (Map.Entry<String, NDArray> e : w0.entrySet()) {
      String name = e.getKey();
      NDArray a = e.getValue();
      NDArray b = wStar.get(name);
      if (b == null) {
        throw new IllegalArgumentException("wStar: missing parameter " + name);
      }
      if (!a.getShape().equals(b.getShape())) {
        throw new IllegalArgumentException("wStar: " + name + " has shape " + b.getShape()
            + ", w0 has " + a.getShape());
      }
      String g = group.apply(name);
      if (g == null) {
        throw new IllegalArgumentException("group: returned null for " + name);
      }
      double[] s = sums(a, b);
      add(acc.computeIfAbsent(g, k -> new double[7]), s);
      add(total, s);
    }
    List<ParameterDistanceResult.Row> rows = new ArrayList<>();
    for (Map.Entry<String, double[]> e : acc.entrySet()) {
      rows.add(row(e.getKey(), e.getValue()));
    }
    return new ParameterDistanceResult(List.copyOf(rows), row("overall", total));
  }

  private static ParameterDistanceResult.Row row(String name, double[] s) {
    if (s[1] == 0) {
      throw new IllegalArgumentException("w0: group '" + name + "' is all zeros; relative distance"
          + " undefined");
    }
    return new ParameterDistanceResult.Row(name, (long) s[0], s[4] / s[1],
        Math.sqrt(s[5]) / Math.sqrt(s[2]), s[6] / s[3]);
  }

  private static void add(double[] into, double[] s) {
    into[0] += s[0];
    into[1] += s[1];
    into[2] += s[2];
    into[3] = Math.max(into[3], s[3]);
    into[4] += s[4];
    into[5] += s[5];
    into[6] = Math.max(into[6], s[6]);
  }

  /** {count, Σ|a|, Σa², max|a|, Σ|b−a|, Σ(b−a)², max|b−a|} in float64. */
  private static double[] sums(NDArray a, NDArray b) {
    try (NDManager m = a.getManager().newSubManager()) {
      NDArray x = a.toType(DataType.FLOAT64, true);
      x.attach(m);
      NDArray y = b.toType(DataType.FLOAT64, true);
      y.attach(m);
      NDArray ax = x.abs();
      NDArray d = y.sub(x);
      d.attach(m);
      NDArray ad = d.abs();
      ax.attach(m);
      ad.attach(m);
      double[] out = new double[7];
      out[0] = x.size();
      out[1] = scalar(ax.sum(), m);
      out[2] = scalar(x.square().sum(), m);
      out[3] = x.size() == 0 ? 0 : scalar(ax.max(), m);
      out[4] = scalar(ad.sum(), m);
      out[5] = scalar(d.square().sum(), m);
      out[6] = x.size() == 0 ? 0 : scalar(ad.max(), m);
      return out;
    }
  }

  private static double scalar(NDArray v, NDManager m) {
    v.attach(m);
    return v.getDouble();
  }
}
