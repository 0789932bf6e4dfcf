package org.ftlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.ftlab.stats.Interval;

/**
 * One claim of a paper and what our run says about it: a row of the reproduction ledger.
 *
 * @param id stable identifier, {@code P1-C3} (paper 1) or {@code P2-D9} (paper 2), with an optional
 *     suffix for a claim an experiment adds ({@code P1-X1})
 * @param source where the paper makes it: section, equation, figure or table
 * @param statement the paper's statement in one sentence
 * @param paper the paper's number or form, as printed
 * @param quantity what we measured
 * @param ours our measurement with its interval; null only for a claim made of {@link #parts}
 *     or one judged {@link Verdict#NOT_COMPARABLE} without a measurement
 * @param test the statistical test behind the verdict (level and method)
 * @param verdict the verdict
 * @param reason why: the numbers that decided the verdict
 * @param differs how our set-up differs from the paper's (empty if it does not)
 * @param notebook the notebook and section that show it, e.g. {@code p1-02-early-stopping.ipynb §4}
 * @param parts per-task (or per-setting) sub-claims whose verdicts were combined; empty otherwise
 */
public record Claim(String id, String source, String statement, String paper, String quantity,
    Interval ours, String test, Verdict verdict, String reason, String differs, String notebook,
    List<Part> parts) {

  /** Claim ids: {@code P1-C1}, {@code P2-D10}, {@code P1-X2}. */
  public static final Pattern ID = Pattern.compile("P[12]-[A-Z][0-9]+[a-z]?");

  /** Validates the fields a ledger row needs. */
  public Claim {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("claim id '" + id + "' must look like P1-C3 or P2-D10");
    }
    for (String[] f : new String[][] {{"source", source}, {"statement", statement},
        {"paper", paper}, {"quantity", quantity}, {"test", test}, {"reason", reason},
        {"notebook", notebook}}) {
      if (f[1] == null || f[1].isBlank()) {
        throw new IllegalArgumentException("claim " + id + ": " + f[0] + " is missing");
      }
    }
    if (verdict == null) {
      throw new IllegalArgumentException("claim " + id + ": no verdict");
    }
    differs = differs == null ? "" : differs;
    parts = parts == null ? List.of() : List.copyOf(parts);
  }

  /** Starts a claim. */
  public static Builder of(String id) {
    return new Builder(id);
  }

  /** "ours" as a reader sees it: the interval, or the parts' intervals. */
  public String oursText() {
    if (ours != null) {
      return ours.text();
    }
    if (!parts.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (Part p : parts) {
        sb.append(sb.length() == 0 ? "" : "; ").append(p.label()).append(": ")
            .append(p.ours() == null ? "n/a" : p.ours().text()).append(" (")
            .append(p.verdict().label()).append(')');
      }
      return sb.toString();
    }
    return "not measured";
  }

  /**
   * One part of a composite claim (a task of a table, a setting of a figure).
   *
   * @param label which part ("rte", "H = 4")
   * @param ours its interval (null if not comparable)
   * @param verdict its verdict
   * @param reason why
   */
  public record Part(String label, Interval ours, Verdict verdict, String reason) {}

  /**
   * Combines part verdicts: all of one verdict give that verdict; not-comparable parts are left out
   * unless every part is one; reproduced or partly parts beside others give {@link Verdict#PARTLY};
   * not-reproduced parts beside inconclusive ones give {@link Verdict#NOT_REPRODUCED}.
   */
  public static Verdict combine(List<Verdict> vs) {
    if (vs.isEmpty()) {
      throw new IllegalArgumentException("combine: no parts");
    }
    List<Verdict> c = vs.stream().filter(v -> v != Verdict.NOT_COMPARABLE).toList();
    if (c.isEmpty()) {
      return Verdict.NOT_COMPARABLE;
    }
    if (c.stream().allMatch(v -> v == c.get(0))) {
      return c.get(0);
    }
    if (c.stream().anyMatch(v -> v == Verdict.REPRODUCED || v == Verdict.PARTLY)) {
      return Verdict.PARTLY;
    }
    return c.contains(Verdict.NOT_REPRODUCED) ? Verdict.NOT_REPRODUCED : Verdict.INCONCLUSIVE;
  }

  /** Builds a {@link Claim}; {@link #build()} judges the measurement and validates. */
  public static final class Builder {
    private final String id;
    private String source;
    private String statement;
    private String paper;
    private String quantity;
    private String differs = "";
    private String notebook;
    private Interval ours;
    private Expectation expectation;
    private Verdict forced;
    private String forcedReason;
    private String note = "";
    private final List<Part> parts = new ArrayList<>();
    private final List<String> partTests = new ArrayList<>();

    private Builder(String id) {
      this.id = id;
    }

    /** Section, equation, figure or table of the paper. */
    public Builder source(String s) {
      this.source = s;
      return this;
    }

    /** The paper's statement. */
    public Builder statement(String s) {
      this.statement = s;
      return this;
    }

    /** The paper's number or form. */
    public Builder paper(String s) {
      this.paper = s;
      return this;
    }

    /** What we measured. */
    public Builder quantity(String s) {
      this.quantity = s;
      return this;
    }

    /** How our set-up differs from the paper's. */
    public Builder differs(String s) {
      this.differs = s;
      return this;
    }

    /** The notebook (file name) and section that show the claim. */
    public Builder notebook(String s) {
      this.notebook = s;
      return this;
    }

    /** A sentence appended to the reason (e.g. a fit's R²). */
    public Builder note(String s) {
      this.note = s == null ? "" : s;
      return this;
    }

    /** Our measurement and the paper's statement it is judged against. */
    public Builder measured(Interval ci, Expectation e) {
      this.ours = ci;
      this.expectation = e;
      return this;
    }

    /** A part of a composite claim, judged on its own; the claim's verdict combines the parts. */
    public Builder part(String label, Interval ci, Expectation e) {
      Expectation.Judgement j = e.judge(ci);
      parts.add(new Part(label, ci, j.verdict(), j.reason()));
      partTests.add(ci.test());
      return this;
    }

    /** A part that cannot be compared with the paper (says why). */
    public Builder partNotComparable(String label, Interval ci, String why) {
      parts.add(new Part(label, ci, Verdict.NOT_COMPARABLE, why));
      return this;
    }

    /**
     * The whole claim is not comparable with the paper's: our setting differs in a way that decides
     * the outcome; {@code why} says which. The measurement (may be null) is still shown.
     */
    public Builder notComparable(Interval ci, String why) {
      this.ours = ci;
      this.forced = Verdict.NOT_COMPARABLE;
      this.forcedReason = why;
      return this;
    }

    /** Judges and builds. */
    public Claim build() {
      Verdict v;
      String reason;
      String test;
      if (forced != null) {
        v = forced;
        reason = forcedReason;
        test = ours != null ? ours.test() : "none (not comparable)";
      } else if (!parts.isEmpty()) {
        if (ours != null) {
          throw new IllegalArgumentException("claim " + id
              + ": give either one measurement or parts, not both");
        }
        v = combine(parts.stream().map(Part::verdict).toList());
        long agree = parts.stream().filter(p -> p.verdict() == Verdict.REPRODUCED).count();
        reason = agree + " of " + parts.size() + " parts reproduced: " + String.join("; ",
            parts.stream().map(p -> p.label() + " " + p.verdict().label()).toList());
        test = partTests.isEmpty() ? "none (not comparable)"
            : String.join(" / ", partTests.stream().distinct().toList()) + ", per part";
      } else {
        if (ours == null || expectation == null) {
          throw new IllegalArgumentException("claim " + id
              + ": no measurement (call measured, part or notComparable)");
        }
        Expectation.Judgement j = expectation.judge(ours);
        v = j.verdict();
        reason = j.reason();
        test = ours.test();
      }
      if (!note.isEmpty()) {
        reason = reason + ". " + note;
      }
      return new Claim(id, source, statement, paper, quantity, ours, test, v, reason, differs,
          notebook, parts);
    }
  }
}
