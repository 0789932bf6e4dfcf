package org.ftlab.paper1;

import java.util.ArrayList;
import java.util.List;
import org.ftlab.claims.ClaimList;
import org.ftlab.experiment.ExperimentResult;
import org.ftlab.report.HtmlTable;
import org.ftlab.taskvector.TaskArithmetic;
import org.ftlab.taskvector.TaskArithmeticResult;
import org.ftlab.util.Json;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The result of {@link SyntheticTaskArithmetic}: the first seed's full run (cosines, kernel
 * overlap, negation and the λ sweep, with its charts), every seed's key numbers and the claims.
 */
public final class SyntheticTaskArithmeticResult implements ExperimentResult {
  private final SyntheticTaskArithmetic.Options options;
  private final TaskArithmeticResult first;
  private final List<SyntheticTaskArithmetic.SeedRun> runs;
  private final ClaimList claims;

  SyntheticTaskArithmeticResult(SyntheticTaskArithmetic.Options options,
      TaskArithmeticResult first, List<SyntheticTaskArithmetic.SeedRun> runs, ClaimList claims) {
    this.options = options;
    this.first = first;
    this.runs = runs;
    this.claims = claims;
  }

  /** The options of the run. */
  public SyntheticTaskArithmetic.Options options() {
    return options;
  }

  /** The first seed's full result (cosines, overlap, sweep, charts). */
  public TaskArithmeticResult first() {
    return first;
  }

  /** Number of seeds. */
  public int seeds() {
    return runs.size();
  }

  /** MSE of the fine-tuned model of task t on task t, per seed. */
  public double[] fineTunedMse(int t) {
    return runs.stream().mapToDouble(r -> r.fineTunedMse()[t]).toArray();
  }

  /** MSE of the negated model θ_PT − τ_t on task t, per seed. */
  public double[] negatedMse(int t) {
    return runs.stream().mapToDouble(r -> r.negatedMse()[t]).toArray();
  }

  /**
   * Multitask / single-task error ratio at λ = 1, per seed.
   *
   * @param t task index (A, B of the disjoint pair; C, D of the overlapping pair)
   */
  public double[] additionRatio(int t) {
    return runs.stream().mapToDouble(r -> r.additionRatio()[t]).toArray();
  }

  @Override
  public ClaimList claims() {
    return claims;
  }

  @Override
  public Json json() {
    Json j = Json.object().put("seeds", runs.size());
    for (int t = 0; t < TaskArithmetic.TASKS.length; t++) {
      String n = TaskArithmetic.TASKS[t];
      j.put("fineTunedMse" + n, fineTunedMse(t)).put("negatedMse" + n, negatedMse(t))
          .put("additionRatio" + n, additionRatio(t));
    }
    j.put("rhoDisjoint", runs.stream().mapToDouble(SyntheticTaskArithmetic.SeedRun::rhoDisjoint)
        .toArray());
    j.put("rhoOverlapping", runs.stream().mapToDouble(
        SyntheticTaskArithmetic.SeedRun::rhoOverlapping).toArray());
    return j;
  }

  @Override
  public String summaryText() {
    StringBuilder sb = new StringBuilder("Synthetic task arithmetic over " + runs.size()
        + " seeds (first seed shown in full):\n");
    for (int t = 0; t < TaskArithmetic.TASKS.length; t++) {
      sb.append(String.format(java.util.Locale.ROOT,
          "  task %s: fine-tuned MSE %s, negated MSE %s, multitask/single-task %s%n",
          TaskArithmetic.TASKS[t], mean(fineTunedMse(t)), mean(negatedMse(t)),
          mean(additionRatio(t))));
    }
    return sb.toString();
  }

  @Override
  public String summaryHtml() {
    List<String[]> rows = new ArrayList<>();
    for (int t = 0; t < TaskArithmetic.TASKS.length; t++) {
      rows.add(new String[] {TaskArithmetic.TASKS[t], mean(fineTunedMse(t)),
          mean(negatedMse(t)), mean(additionRatio(t))});
    }
    return HtmlTable.of("Means over " + runs.size() + " seeds (± sd)", new String[] {"task",
        "MSE(θ_FT)", "MSE(θ_PT − τ)", "MSE(θ_PT + τ_1 + τ_2) / MSE(θ_FT)"}, rows)
        + first.summaryHtml();
  }

  private static String mean(double[] x) {
    return HtmlTable.num(org.ftlab.util.Stats.mean(x)) + " ± "
        + HtmlTable.num(org.ftlab.util.Stats.sampleSd(x));
  }

  @Override
  public List<Chart<?, ?>> charts() {
    return first.charts();
  }

  @Override
  public String toString() {
    return summaryText();
  }
}
