package org.ftlab.claims;

/** The five verdicts a claim can receive. */
public enum Verdict {
  /** Our interval agrees with the paper's statement and excludes "no effect". */
  REPRODUCED("reproduced", "#1b7a2f", "#e3f4e6"),
  /** The effect is there, in the paper's direction, but its size disagrees (or some parts hold). */
  PARTLY("partly", "#7a5a00", "#fff3cd"),
  /** Our interval excludes the paper's statement (or shows an effect smaller than the paper's). */
  NOT_REPRODUCED("not reproduced", "#9b1c1c", "#fde2e1"),
  /** The interval is too wide to decide at this size; the reason says what size would. */
  INCONCLUSIVE("inconclusive", "#3d4451", "#e9ecef"),
  /** Our setting differs from the paper's in a way that decides the outcome; the reason says how. */
  NOT_COMPARABLE("not comparable", "#4b3a8c", "#ebe7f7");

  private final String label;
  private final String ink;
  private final String paper;

  Verdict(String label, String ink, String paper) {
    this.label = label;
    this.ink = ink;
    this.paper = paper;
  }

  /** The verdict as a reader sees it ("not reproduced"). */
  public String label() {
    return label;
  }

  /** Text colour for HTML (contrast ≥ 7:1 on {@link #background()}). */
  public String ink() {
    return ink;
  }

  /** Background colour for HTML. */
  public String background() {
    return paper;
  }

  /** The verdict of a label ("not reproduced" or NOT_REPRODUCED). */
  public static Verdict parse(String s) {
    for (Verdict v : values()) {
      if (v.label.equalsIgnoreCase(s.trim()) || v.name().equalsIgnoreCase(s.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown verdict '" + s + "' (accepted: reproduced, partly,"
        + " not reproduced, inconclusive, not comparable)");
  }

  @Override
  public String toString() {
    return label;
  }
}
