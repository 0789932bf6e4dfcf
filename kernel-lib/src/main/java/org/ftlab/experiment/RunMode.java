package org.ftlab.experiment;

import java.util.Locale;

/**
 * The three run sizes of every notebook and experiment.
 *
 * <ul>
 *   <li>{@link #QUICK}: a smoke test for CI; seconds per experiment, numbers not meaningful;
 *   <li>{@link #STANDARD}: the default (Jupyter, Binder, {@code ./ftlab reproduce}): each notebook
 *       in at most 10 minutes and 1.5 GB on 2 cores, with numbers that can decide a verdict;
 *   <li>{@link #FULL}: paper-sized where the machine allows; hours are fine.
 * </ul>
 * Chosen by the environment variable {@code FTLAB_MODE} ({@code quick|standard|full});
 * {@code FTLAB_QUICK=1} is an alias of quick.
 */
public enum RunMode {
  /** CI smoke size. */
  QUICK,
  /** Default size: meaningful numbers within the Binder budget. */
  STANDARD,
  /** Paper size. */
  FULL;

  /** The mode the environment asks for; standard if none. */
  public static RunMode current() {
    return fromEnvironment(System.getenv("FTLAB_MODE"), System.getenv("FTLAB_QUICK"));
  }

  /**
   * The mode of these variable values.
   *
   * @throws IllegalArgumentException "FTLAB_MODE: ..." for an unknown value, or when it
   *     contradicts {@code FTLAB_QUICK=1}
   */
  public static RunMode fromEnvironment(String mode, String quick) {
    boolean quickAlias = "1".equals(quick == null ? null : quick.trim());
    if (mode == null || mode.isBlank()) {
      return quickAlias ? QUICK : STANDARD;
    }
    RunMode m = parse(mode);
    if (quickAlias && m != QUICK) {
      throw new IllegalArgumentException("FTLAB_MODE=" + mode.trim()
          + " contradicts FTLAB_QUICK=1 (an alias of FTLAB_MODE=quick); unset one of them");
    }
    return m;
  }

  /** quick, standard or full (any case). */
  public static RunMode parse(String s) {
    for (RunMode m : values()) {
      if (m.label().equalsIgnoreCase(s.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("FTLAB_MODE: '" + s.trim()
        + "' is not a run mode (accepted: quick, standard, full)");
  }

  /** The lower-case name used on the command line and in files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value for this mode. */
  public int pick(int quick, int standard, int full) {
    return switch (this) {
      case QUICK -> quick;
      case STANDARD -> standard;
      case FULL -> full;
    };
  }

  /** The value for this mode. */
  public long pick(long quick, long standard, long full) {
    return switch (this) {
      case QUICK -> quick;
      case STANDARD -> standard;
      case FULL -> full;
    };
  }

  /** The value for this mode. */
  public double pick(double quick, double standard, double full) {
    return switch (this) {
      case QUICK -> quick;
      case STANDARD -> standard;
      case FULL -> full;
    };
  }

  /** The value for this mode. */
  public <T> T pick(T quick, T standard, T full) {
    return switch (this) {
      case QUICK -> quick;
      case STANDARD -> standard;
      case FULL -> full;
    };
  }

  @Override
  public String toString() {
    return label();
  }
}
