package org.ftlab.stability;

/** Small dense vector helpers (package-private). */
final class Vectors {
  private Vectors() {}

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double distance(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("parameter vectors have lengths " + a.length + " and "
          + b.length + "; a Trainer must return vectors of a fixed length");
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return Math.sqrt(s);
  }

  /** ||a/||a|| − b/||b|||| (Def. 2.3); NaN if either vector is zero. */
  static double directionDistance(double[] a, double[] b) {
    double na = norm(a);
    double nb = norm(b);
    if (a.length != b.length) {
      throw new IllegalArgumentException("parameter vectors have lengths " + a.length + " and "
          + b.length);
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] / na - b[i] / nb;
      s += d * d;
    }
    return Math.sqrt(s);
  }

  static double cosine(double[] a, double[] b) {
    return dot(a, b) / (norm(a) * norm(b));
  }

  static double mean(double[] a) {
    return org.ftlab.util.Stats.mean(a);
  }

  /** Sample standard deviation (n − 1 in the denominator); 0 for one value. */
  static double std(double[] a) {
    return org.ftlab.util.Stats.sampleSd(a);
  }

  static double[][] withoutRow(double[][] x, int i) {
    double[][] r = new double[x.length - 1][];
    for (int k = 0, j = 0; k < x.length; k++) {
      if (k != i) {
        r[j++] = x[k];
      }
    }
    return r;
  }

  static double[] without(double[] y, int i) {
    double[] r = new double[y.length - 1];
    for (int k = 0, j = 0; k < y.length; k++) {
      if (k != i) {
        r[j++] = y[k];
      }
    }
    return r;
  }

  static void checkData(double[][] x, double[] y) {
    if (x == null || y == null || x.length == 0) {
      throw new IllegalArgumentException("x: the training set is empty");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException("y: " + y.length + " labels for " + x.length + " rows of x");
    }
    int d = x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != d) {
        throw new IllegalArgumentException("x: row " + i + " has " + x[i].length
            + " entries, expected " + d);
      }
      for (double v : x[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("x: row " + i + " has a non-finite entry");
        }
      }
    }
  }

  static void checkLabels(double[] y) {
    for (int i = 0; i < y.length; i++) {
      if (y[i] != 1 && y[i] != -1) {
        throw new IllegalArgumentException("y: label " + i + " is " + y[i] + ", expected +1 or -1");
      }
    }
  }
}
