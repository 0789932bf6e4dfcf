package org.ftlab.stats;

import java.util.Locale;

/**
 * An estimate with a two-sided confidence interval at a stated level, and how it was obtained.
 *
 * @param estimate the point estimate
 * @param lo lower end of the interval
 * @param hi upper end of the interval
 * @param level confidence level in (0, 1), e.g. 0.95
 * @param method the test or construction, e.g. "t-interval over 5 seeds"
 * @param n the number of independent units behind the interval (seeds, draws, data sets)
 */
public record Interval(double estimate, double lo, double hi, double level, String method, int n) {

  /** Validates: finite numbers, {@code lo <= hi}, level in (0, 1), a method, {@code n >= 1}. */
  public Interval {
    if (!Double.isFinite(estimate) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("interval (" + method + "): estimate " + estimate
          + ", bounds [" + lo + ", " + hi + "] must be finite");
    }
    if (lo > hi) {
      throw new IllegalArgumentException("interval (" + method + "): lower bound " + lo
          + " exceeds upper bound " + hi);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("interval: level must be in (0, 1), got " + level);
    }
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("interval: the method must be named");
    }
    if (n < 1) {
      throw new IllegalArgumentException("interval (" + method + "): n must be >= 1, got " + n);
    }
  }

  /** Half the width of the interval. */
  public double halfWidth() {
    return (hi - lo) / 2;
  }

  /** True if {@code x} lies in the closed interval. */
  public boolean contains(double x) {
    return x >= lo && x <= hi;
  }

  /**
   * The number of units (seeds, draws, ...) at which an interval of this kind would stop
   * containing {@code point}, if the estimate stayed where it is and the half-width shrank like
   * {@code 1/sqrt(n)}: {@code ceil(n (halfWidth / |estimate - point|)^2)}. {@link Integer#MAX_VALUE}
   * when the estimate equals the point.
   */
  public int sizeToExclude(double point) {
    double gap = Math.abs(estimate - point);
    if (gap == 0) {
      return Integer.MAX_VALUE;
    }
    double needed = n * Math.pow(halfWidth() / gap, 2);
    return needed >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.ceil(needed);
  }

  /** The same interval with every number multiplied by {@code c} (bounds swapped if c < 0). */
  public Interval scaled(double c) {
    double a = lo * c;
    double b = hi * c;
    return new Interval(estimate * c, Math.min(a, b), Math.max(a, b), level, method, n);
  }

  /** "−0.48 [−0.55, −0.41]" with four significant digits. */
  public String text() {
    return fmt(estimate) + " [" + fmt(lo) + ", " + fmt(hi) + "]";
  }

  /** "95% t-interval over 5 seeds". */
  public String test() {
    return pct(level) + " " + method;
  }

  @Override
  public String toString() {
    return text() + " (" + test() + ")";
  }

  static String pct(double level) {
    double p = level * 100;
    return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p))
        + "%";
  }

  /** Four significant digits, trailing zeros dropped. */
  public static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    String mantissa = s;
    String exponent = "";
    int e = s.indexOf('e');
    if (e >= 0) {
      mantissa = s.substring(0, e);
      exponent = s.substring(e);
    }
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return mantissa + exponent;
  }
}
