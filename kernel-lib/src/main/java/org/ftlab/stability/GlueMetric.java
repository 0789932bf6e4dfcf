package org.ftlab.stability;

/**
 * The evaluation metric of each task as in GLUE (Wang et al. 2018) and SuperGLUE (Wang et al.
 * 2019), which paper 2 follows (§4.1), in percent: CoLA Matthews correlation; MRPC F1 of the
 * "paraphrase" class (accuracy reported too); CB the SuperGLUE score, the mean of accuracy and
 * macro-F1 over the three classes (both reported too); every other task accuracy.
 */
enum GlueMetric {
  /** 100 · Matthews correlation coefficient (CoLA). */
  MATTHEWS("Matthews corr. (%)"),
  /** 100 · F1 of class 1 (MRPC's "paraphrase"). */
  F1("F1 (%)"),
  /** 100 · (accuracy + macro-F1) / 2 (CB). */
  ACC_MACRO_F1("(acc + macro-F1)/2 (%)"),
  /** 100 · accuracy. */
  ACCURACY("accuracy (%)");

  private final String label;

  GlueMetric(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  static GlueMetric of(String task) {
    return switch (task) {
      case "cola" -> MATTHEWS;
      case "mrpc" -> F1;
      case "cb" -> ACC_MACRO_F1;
      default -> ACCURACY;
    };
  }

  /** The metric in percent. */
  double score(int[] predicted, int[] gold, int classes) {
    return switch (this) {
      case MATTHEWS -> 100 * matthews(predicted, gold);
      case F1 -> 100 * f1(predicted, gold, 1);
      case ACC_MACRO_F1 -> 50 * (accuracy(predicted, gold) + macroF1(predicted, gold, classes));
      case ACCURACY -> 100 * accuracy(predicted, gold);
    };
  }

  static double accuracy(int[] predicted, int[] gold) {
    check(predicted, gold);
    int ok = 0;
    for (int i = 0; i < gold.length; i++) {
      ok += predicted[i] == gold[i] ? 1 : 0;
    }
    return (double) ok / gold.length;
  }

  /** F1 of one class, 2TP/(2TP + FP + FN); 0 when the class is neither present nor predicted. */
  static double f1(int[] predicted, int[] gold, int positive) {
    check(predicted, gold);
    long tp = 0;
    long fp = 0;
    long fn = 0;
    for (int i = 0; i < gold.length; i++) {
      boolean p = predicted[i] == positive;
      boolean g = gold[i] == positive;
      tp += p && g ? 1 : 0;
      fp += p && !g ? 1 : 0;
      fn += !p && g ? 1 : 0;
    }
    long den = 2 * tp + fp + fn;
    return den == 0 ? 0 : 2.0 * tp / den;
  }

  /** Unweighted mean over all {@code classes} of the per-class F1. */
  static double macroF1(int[] predicted, int[] gold, int classes) {
    double s = 0;
    for (int c = 0; c < classes; c++) {
      s += f1(predicted, gold, c);
    }
    return s / classes;
  }

  /**
   * Matthews correlation of binary labels, (TP·TN − FP·FN)/sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)),
   * 0 when a factor of the denominator is 0 (as scikit-learn).
   */
  static double matthews(int[] predicted, int[] gold) {
    check(predicted, gold);
    double tp = 0;
    double tn = 0;
    double fp = 0;
    double fn = 0;
    for (int i = 0; i < gold.length; i++) {
      boolean p = predicted[i] == 1;
      boolean g = gold[i] == 1;
      if (p && g) {
        tp++;
      } else if (!p && !g) {
        tn++;
      } else if (p) {
        fp++;
      } else {
        fn++;
      }
    }
    double den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
    return den == 0 ? 0 : (tp * tn - fp * fn) / Math.sqrt(den);
  }

  private static void check(int[] predicted, int[] gold) {
    if (predicted.length != gold.length || gold.length == 0) {
      throw new IllegalArgumentException("predictions (" + predicted.length + ") and labels ("
          + gold.length + ") must have the same, non-zero length");
    }
  }
}
