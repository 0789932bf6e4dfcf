package org.ftlab.claims;

import java.util.Locale;
import org.ftlab.stats.Interval;

/**
 * What the paper says about a measured quantity, in the form a confidence interval can be judged
 * against: a region of values that agree with the paper ({@code [lo, hi]}, either end may be
 * infinite, an end equal to the null value is open), the value that means "no effect"
 * ({@code nullValue}, NaN if the quantity has none) and, when the paper gives one, its number
 * ({@code paperValue}, NaN otherwise).
 *
 * <p>The rule of {@link #judge} for a two-sided interval {@code [a, b]} at level 1 − α:
 * <ol>
 *   <li>consistent with the paper = the interval meets the region;
 *   <li>consistent and excludes the null value → {@link Verdict#REPRODUCED};
 *   <li>consistent but contains the null value → {@link Verdict#INCONCLUSIVE}, unless the paper
 *       gives a number that the interval excludes: then any effect is smaller than the paper's and
 *       the verdict is {@link Verdict#NOT_REPRODUCED};
 *   <li>not consistent, but excludes the null value on the region's side →
 *       {@link Verdict#PARTLY} (an effect in the paper's direction, of another size);
 *   <li>otherwise {@link Verdict#NOT_REPRODUCED}.
 * </ol>
 * An inconclusive verdict says how many units (seeds, draws, sets) would exclude the null value if
 * the estimate stayed where it is ({@link Interval#sizeToExclude}).
 *
 * @param text the paper's statement as a reader should see it, e.g. "slope ≤ −0.5"
 * @param lo lower end of the agreeing region (may be −∞)
 * @param hi upper end of the agreeing region (may be +∞)
 * @param nullValue the value meaning "no effect", or NaN
 * @param paperValue the paper's own number, or NaN
 */
public record Expectation(String text, double lo, double hi, double nullValue,
    double paperValue) {

  /** Validates the region and the values. */
  public Expectation {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("expectation: the paper's statement must be given");
    }
    if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
      throw new IllegalArgumentException("expectation '" + text + "': region [" + lo + ", " + hi
          + "] is not an interval");
    }
    if (Double.isInfinite(nullValue) || Double.isInfinite(paperValue)) {
      throw new IllegalArgumentException("expectation '" + text
          + "': null and paper values must be finite or NaN");
    }
  }

  /** The paper states the value {@code v}; {@code nullValue} means no effect (NaN: none). */
  public static Expectation equal(String text, double v, double nullValue) {
    return new Expectation(text, v, v, nullValue, v);
  }

  /** The paper's statement holds for values in {@code [lo, hi]}. */
  public static Expectation within(String text, double lo, double hi, double nullValue) {
    return new Expectation(text, lo, hi, nullValue, Double.NaN);
  }

  /** The paper states "at most {@code bound}" (e.g. a rate exponent ≤ −1/2). */
  public static Expectation atMost(String text, double bound, double nullValue) {
    return new Expectation(text, Double.NEGATIVE_INFINITY, bound, nullValue, bound);
  }

  /** The paper states "at least {@code bound}". */
  public static Expectation atLeast(String text, double bound, double nullValue) {
    return new Expectation(text, bound, Double.POSITIVE_INFINITY, nullValue, bound);
  }

  /** The paper states the quantity is below {@code nullValue} (a negative effect). */
  public static Expectation below(String text, double nullValue) {
    return new Expectation(text, Double.NEGATIVE_INFINITY, nullValue, nullValue, Double.NaN);
  }

  /** The paper states the quantity is above {@code nullValue} (a positive effect). */
  public static Expectation above(String text, double nullValue) {
    return new Expectation(text, nullValue, Double.POSITIVE_INFINITY, nullValue, Double.NaN);
  }

  /** The same expectation with the paper's own number (used to call a null result "smaller"). */
  public Expectation withPaperValue(double v) {
    return new Expectation(text, lo, hi, nullValue, v);
  }

  private boolean hasNull() {
    return !Double.isNaN(nullValue);
  }

  /** True if the interval meets the region (an end equal to the null value is open). */
  boolean consistent(Interval ci) {
    boolean openLo = hasNull() && lo == nullValue;
    boolean openHi = hasNull() && hi == nullValue;
    boolean aboveLo = openLo ? ci.hi() > lo : ci.hi() >= lo;
    boolean belowHi = openHi ? ci.lo() < hi : ci.lo() <= hi;
    return aboveLo && belowHi;
  }

  /** The side of the null value the region lies on: −1 below, +1 above, 0 around or no null. */
  int side() {
    if (!hasNull()) {
      return 0;
    }
    if (hi <= nullValue) {
      return -1;
    }
    if (lo >= nullValue) {
      return 1;
    }
    return 0;
  }

  /** Judges a measured interval; see the class comment for the rule. */
  public Judgement judge(Interval ci) {
    String iv = Interval.fmt(ci.level() * 100) + "% interval " + range(ci.lo(), ci.hi());
    boolean cons = consistent(ci);
    boolean excludesNull = !hasNull() || !ci.contains(nullValue);
    String nul = hasNull() ? Interval.fmt(nullValue) + " (no effect)" : "";
    if (cons && excludesNull) {
      return new Judgement(Verdict.REPRODUCED, iv + " agrees with the paper (" + text + ")"
          + (hasNull() ? " and excludes " + nul : ""));
    }
    if (cons) {
      if (!Double.isNaN(paperValue) && !ci.contains(paperValue) && paperValue != nullValue) {
        return new Judgement(Verdict.NOT_REPRODUCED, iv + " contains " + nul
            + " and excludes the paper's " + Interval.fmt(paperValue)
            + ": any effect is smaller than the paper's");
      }
      int need = ci.sizeToExclude(nullValue);
      String size = need == Integer.MAX_VALUE
          ? "the estimate sits at the null value, so no size would decide it"
          : String.format(Locale.ROOT, "about %d units instead of %d would exclude it if the "
              + "estimate stayed at %s", need, ci.n(), Interval.fmt(ci.estimate()));
      return new Judgement(Verdict.INCONCLUSIVE, iv + " is consistent with the paper ("
          + text + ") but also contains " + nul + "; " + size);
    }
    int side = side();
    boolean effectOnPaperSide = side != 0 && excludesNull
        && Math.signum(ci.estimate() - nullValue) == side;
    if (effectOnPaperSide) {
      return new Judgement(Verdict.PARTLY, iv + " shows an effect in the paper's direction "
          + "(it excludes " + nul + ") but of another size than the paper's (" + text + ")");
    }
    return new Judgement(Verdict.NOT_REPRODUCED, iv + " is outside the paper's range ("
        + text + ")");
  }

  private static String range(double a, double b) {
    return "[" + Interval.fmt(a) + ", " + Interval.fmt(b) + "]";
  }

  /**
   * A verdict and the sentence that explains it.
   *
   * @param verdict the verdict
   * @param reason why, with the numbers that decided it
   */
  public record Judgement(Verdict verdict, String reason) {}
}
