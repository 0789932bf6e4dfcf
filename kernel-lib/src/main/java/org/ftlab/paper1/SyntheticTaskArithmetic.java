package org.ftlab.paper1;

import java.util.List;
import org.ftlab.claims.Claim;
import org.ftlab.claims.ClaimList;
import org.ftlab.claims.Expectation;
import org.ftlab.experiment.Experiment;
import org.ftlab.experiment.Help;
import org.ftlab.experiment.RunContext;
import org.ftlab.experiment.RunMode;
import org.ftlab.stats.Intervals;
import org.ftlab.taskvector.TaskArithmetic;
import org.ftlab.taskvector.TaskArithmeticResult;

/**
 * Task arithmetic under the corollaries' own assumptions (paper 1, §5.2, Corollaries 1 and 2):
 * a small attention network pretrained on a source task and fine-tuned on four synthetic tasks,
 * A and B on disjoint input coordinates (the "orthogonal" pair of Assumption 5.1), C and D on all
 * coordinates (an overlapping pair); repeated over independent seeds (student initialisation,
 * pretraining data, task samples), each seed one {@link TaskArithmetic} run.
 *
 * <p>Claims: {@code P1-X4} (Corollary 1, negation {@code θ_PT − τ} raises the task's error: the
 * paired log ratio {@code log MSE(θ_PT − τ) − log MSE(θ_FT)} per task over seeds) and
 * {@code P1-X5} (Corollary 2, addition {@code θ_PT + τ_1 + τ_2} keeps each task's fine-tuned
 * error when the tasks' kernels are orthogonal: interference, the log ratio of the multitask error
 * to the single-task error on the pair's worse task, is smaller for the disjoint pair than for
 * the overlapping one). The experiment on a pretrained encoder is {@code P1-C8}/{@code P1-C9}.
 */
public final class SyntheticTaskArithmetic implements
    Experiment<SyntheticTaskArithmetic.Options, SyntheticTaskArithmeticResult> {

  /** The notebook that shows it. */
  static final String NOTEBOOK = "p1-04-task-arithmetic-synthetic.ipynb";

  /**
   * Options; defaults per run size in {@link SyntheticTaskArithmetic#defaults}.
   *
   * @param width student width n
   * @param samples training examples per task
   * @param testSamples noiseless test inputs per task
   * @param steps full-batch gradient steps of fine-tuning
   * @param lr learning rate η0 (NTK parameterisation)
   * @param lambdas the sweep λ of θ_PT + λ(τ1 + τ2) (eq. 25); 1 must be in it
   * @param seeds independent seeds, the units of every interval
   * @param seed first seed; seed s of the run uses seed + s
   */
  public record Options(
      @Help(value = "student width n", positive = true) int width,
      @Help(value = "training examples per task", positive = true) int samples,
      @Help(value = "noiseless test inputs per task", positive = true) int testSamples,
      @Help(value = "full-batch GD steps of fine-tuning", positive = true) int steps,
      @Help(value = "learning rate eta0 (NTK parameterisation)", positive = true) double lr,
      @Help("lambda sweep of theta_PT + lambda (tau1 + tau2), eq. 25; must contain 1")
          double[] lambdas,
      @Help(value = "independent seeds (units of the intervals)", positive = true) int seeds,
      @Help("first seed") long seed) {

    /** Validates what a single option cannot. */
    public Options {
      boolean hasOne = false;
      for (double l : lambdas) {
        hasOne |= l == 1.0;
      }
      if (!hasOne) {
        throw new IllegalArgumentException("--lambdas must contain 1 (the addition of eq. 25)");
      }
      if (seeds < 2) {
        throw new IllegalArgumentException("--seeds must be at least 2 for an interval, got "
            + seeds);
      }
      lambdas = lambdas.clone();
    }
  }

  @Override
  public String name() {
    return "taskvec-synthetic";
  }

  @Override
  public String summary() {
    return "task arithmetic on synthetic tasks (paper 1 §5.2, Cor. 1-2): negation and addition "
        + "of task vectors over independent seeds, disjoint vs overlapping task pairs";
  }

  @Override
  public String notebook() {
    return NOTEBOOK;
  }

  @Override
  public List<String> claimIds() {
    return List.of("P1-X4", "P1-X5");
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public Options defaults(RunMode mode) {
    return new Options(mode.pick(32, 64, 64), 64, mode.pick(100, 200, 400), 150, 0.5,
        new double[] {0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0}, mode.pick(2, 12, 30), 1);
  }

  /** One seed's numbers, as checkpointed. */
  record SeedRun(double[] fineTunedMse, double[] negatedMse, double[] additionRatio,
      double rhoDisjoint, double rhoOverlapping) {
    static SeedRun of(TaskArithmeticResult r) {
      int n = TaskArithmetic.TASKS.length;
      double[] ft = new double[n];
      double[] neg = new double[n];
      for (int t = 0; t < n; t++) {
        ft[t] = r.fineTunedMse(t);
        neg[t] = r.negatedMse(t);
      }
      double[][] rho = r.kernelOverlap();
      return new SeedRun(ft, neg, new double[] {r.additionRatio(false, false),
          r.additionRatio(false, true), r.additionRatio(true, false), r.additionRatio(true, true)},
          rho[0][1], rho[2][3]);
    }

    /** log of the multitask / single-task error on the worse task of a pair. */
    double interference(boolean overlapping) {
      int i = overlapping ? 2 : 0;
      return Math.log(Math.max(additionRatio[i], additionRatio[i + 1]));
    }
  }

  TaskArithmeticResult runSeed(Options o, long seed) {
    return TaskArithmetic.builder().optWidth(o.width()).optSamples(o.samples(), o.testSamples())
        .optFineTuning(o.steps(), o.lr()).optLambdas(o.lambdas()).optSeed(seed).build().run();
  }

  @Override
  public SyntheticTaskArithmeticResult compute(Options o, RunContext ctx) throws Exception {
    // the first seed is kept whole for its charts; every seed is a checkpointed step
    TaskArithmeticResult first = runSeed(o, o.seed());
    SeedRun[] runs = new SeedRun[o.seeds()];
    runs[0] = SeedRun.of(first);
    for (int s = 1; s < o.seeds(); s++) {
      long seed = o.seed() + s;
      runs[s] = ctx.step("seed-" + seed, SeedRun.class, () -> SeedRun.of(runSeed(o, seed)));
    }
    return new SyntheticTaskArithmeticResult(o, first, List.of(runs), claims(o, runs));
  }

  static ClaimList claims(Options o, SeedRun[] runs) {
    int n = runs.length;
    String differs = "A 1-block attention network (width " + o.width() + ") on synthetic "
        + "regression tasks instead of GPT-Neo on text; the disjoint pair shares attention-output "
        + "and readout weights, so its kernel overlap is small but not 0";
    Claim.Builder neg = Claim.of("P1-X4").source("§5.2, Corollary 1 (eq. 23 as Ilharco et al.'s "
            + "θ_PT − τ)")
        .statement("negating a task vector makes the model worse on that task than the "
            + "fine-tuned model")
        .paper("MSE(θ_PT − τ) > MSE(θ_FT) (proved for the linearised model)")
        .quantity("log MSE(θ_PT − τ) − log MSE(θ_FT) on the task's test inputs, per task")
        .notebook(NOTEBOOK + " §Paper vs ours").differs(differs);
    for (int t = 0; t < TaskArithmetic.TASKS.length; t++) {
      double[] d = new double[n];
      for (int s = 0; s < n; s++) {
        d[s] = Math.log(runs[s].negatedMse()[t]) - Math.log(runs[s].fineTunedMse()[t]);
      }
      neg.part("task " + TaskArithmetic.TASKS[t], Intervals.mean("log error ratio of negation, "
          + "task " + TaskArithmetic.TASKS[t] + ", over " + n + " seeds", d, Intervals.LEVEL),
          Expectation.above("negation raises the error (log ratio > 0)", 0));
    }
    double[] inter = new double[n];
    double[] rhoA = new double[n];
    double[] rhoC = new double[n];
    for (int s = 0; s < n; s++) {
      inter[s] = runs[s].interference(true) - runs[s].interference(false);
      rhoA[s] = runs[s].rhoDisjoint();
      rhoC[s] = runs[s].rhoOverlapping();
    }
    Claim add = Claim.of("P1-X5").source("§5.2, Corollary 2 and Assumption 5.1 (eq. 25)")
        .statement("adding task vectors keeps each task's fine-tuned error when the tasks' "
            + "kernels are orthogonal; without orthogonality there is no such guarantee")
        .paper("MSE(θ_PT + τ_1 + τ_2) = MSE(θ_FT) on each task under Assumption 5.1")
        .quantity("interference of the overlapping pair minus that of the disjoint pair "
            + "(log multitask / single-task error on the worse task of the pair), paired by seed")
        .measured(Intervals.mean("interference difference over " + n + " seeds", inter,
            Intervals.LEVEL), Expectation.above("less interference for the (nearly) orthogonal "
            + "pair: difference > 0", 0))
        .note(String.format(java.util.Locale.ROOT, "Kernel overlap ρ (0 = orthogonal): disjoint "
            + "pair %s, overlapping pair %s (means with 95%% intervals)",
            Intervals.mean("rho of the disjoint pair", rhoA, Intervals.LEVEL).text(),
            Intervals.mean("rho of the overlapping pair", rhoC, Intervals.LEVEL).text()))
        .notebook(NOTEBOOK + " §Paper vs ours").differs(differs).build();
    return new ClaimList(List.of(neg.build(), add));
  }
}
