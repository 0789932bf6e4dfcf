package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.ftlab.data.Datasets;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.stability.GlueStability;
import org.ftlab.stability.GlueStabilityResult;
import org.ftlab.stability.StabilityMethod;
import org.ftlab.stability.SyntheticStability;

/**
 * {@code ./ftlab stability synthetic --factor heads|samples|margin|distance|bound [--sets N]
 * [--points N] [--seed S]}: the synthetic experiments of paper 2 §4.3 (Figures 5-9), printing per
 * level the measured normalised leave-one-out stability (Def. 2.3) and the bound of Theorem 2.4 /
 * Corollary 3.1 as JSON.
 *
 * <p>{@code ./ftlab stability glue --task rte --method finetune|mixout|lnsr|mmr|mhloss|surt
 * --seeds 10 --mode head|full [--head linear|mlp] [--cache-dir DIR] [--train-size n] [--remove 0.1] [--heads 50] [--epochs e] [--lr x]
 * --seed 0}: the GLUE/SuperGLUE stability experiment of §4.2 (Tables 2-4) through
 * {@link GlueStability}, printing the per-seed scores, mean, std and stability measures as JSON.
 */
final class StabilityCommand implements ComputingCommand, Subcommands {
  @Override
  public String name() {
    return "stability";
  }

  @Override
  public String summary() {
    return "paper 2 stability: 'synthetic' runs the synthetic experiments of §4.3 (Figures 5-9),"
        + " 'glue' a method of Tables 2-4 over seeds on a GLUE/SuperGLUE task";
  }

  @Override
  public String example() {
    return "stability synthetic --factor margin --sets 50 --points 2000 --seed 0";
  }

  @Override
  public List<String> subcommands() {
    return List.of("synthetic", "glue");
  }

  @Override
  public List<Option> options() {
    return options("synthetic");
  }

  @Override
  public List<Option> options(String subcommand) {
    if ("glue".equals(subcommand)) {
      return glueOptions();
    }
    return List.of(
        Option.choice("factor", null, List.of("heads", "samples", "margin", "distance", "bound"),
            "factor varied: heads (Fig 5), samples (6), margin (7), distance (8), bound (9)"),
        Option.of("sets", Option.Kind.POSITIVE_INT, "", "training sets per level (default 500;"
            + " 20 with --quick; heads uses at most 10)"),
        Option.of("points", Option.Kind.POSITIVE_INT, "", "points per set (default 2000; 200 with"
            + " --quick)"),
        Option.of("steps", Option.Kind.POSITIVE_INT, "1000", "gradient steps t"),
        Option.of("dimension", Option.Kind.POSITIVE_INT, "5", "feature dimension d"),
        Option.of("seed", Option.Kind.LONG, "0", "seed"),
        Option.flag("quick", "quick mode: 20 sets of 200 points unless --sets/--points given"));
  }

  @Override
  public void run(Args args, PrintStream out) {
    throw new UsageException("stability: missing subcommand (accepted: synthetic, glue)");
  }

  @Override
  public void run(String subcommand, Args args, PrintStream out) {
    if ("glue".equals(subcommand)) {
      out.println(compute(args).toJson());
      return;
    }
    out.println(synthetic(args).toJson());
  }

  @Override
  public org.ftlab.report.Displayable result(String subcommand, Args args) {
    return "glue".equals(subcommand) ? compute(args) : synthetic(args);
  }

  /** The synthetic experiment of §4.3 these arguments describe ({@code stability synthetic}). */
  static org.ftlab.stability.SyntheticResult synthetic(Args args) {
    SyntheticStability.Factor f = SyntheticStability.Factor.parse(args.string("factor"));
    boolean quick = args.flag("quick");
    int sets = args.has("sets") ? args.integer("sets") : quick ? 20 : SyntheticStability.PAPER_SETS;
    int points = args.has("points") ? args.integer("points")
        : quick ? 200 : SyntheticStability.PAPER_POINTS;
    if (points < 20) {
      throw new UsageException("stability synthetic: --points must be >= 20, got " + points);
    }
    if (args.integer("steps") < 3) {
      throw new UsageException("stability synthetic: --steps must be >= 3 (log log t > 0), got "
          + args.integer("steps"));
    }
    return SyntheticStability.builder(f).optSets(sets).optPoints(points)
        .optSteps(args.integer("steps")).optDimension(args.integer("dimension"))
        .optSeed(args.longValue("seed")).build().run();
  }

  static List<Option> glueOptions() {
    List<String> methods = java.util.Arrays.stream(StabilityMethod.values())
        .map(StabilityMethod::cliName).toList();
    return List.of(
        Option.of("model", Option.Kind.STRING, "minilm", "pretrained encoder, one of "
            + String.join(", ", PretrainedModels.names())),
        Option.required("task", Option.Kind.STRING, "classification task, e.g. rte, mrpc, cola, cb,"
            + " wsc (the dev split is the test stand-in, paper 2 §4.1)"),
        Option.choice("method", "finetune", methods, "stabilising method of Tables 2-4"),
        Option.choice("mode", "head", List.of("head", "full"),
            "head: encoder frozen (Table 3); full: every parameter (Tables 2, 4)"),
        Option.choice("head", "linear", List.of("linear", "mlp"), "head mode: linear head, or"
            + " RoBERTa's dense+tanh+out_proj head (MMR then acts on its hidden layer)"),
        Option.of("cache-dir", Option.Kind.STRING, "", "on-disk feature cache directory (default"
            + " $FTLAB_CACHE; unset = memory only)"),
        Option.of("seeds", Option.Kind.POSITIVE_INT, "10", "runs, seeds seed..seed+n-1"),
        Option.of("train-size", Option.Kind.INT, "0", "examples drawn before the 90/10 split"
            + " (0 = all)"),
        Option.of("remove", Option.Kind.DOUBLE, "0", "fraction of the training part removed per"
            + " run (Table 4: 0.1)"),
        Option.of("heads", Option.Kind.POSITIVE_INT, "50", "MHLoss heads H"),
        Option.of("epochs", Option.Kind.INT, "0", "most epochs (0 = 20 head, 3 full)"),
        Option.of("lr", Option.Kind.POSITIVE_DOUBLE, "", "AdamW learning rate (default 1e-3 head,"
            + " 2e-5 full)"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "64", "most tokens per example"),
        Option.of("batch-size", Option.Kind.POSITIVE_INT, "16", "mini-batch size"),
        Option.of("patience", Option.Kind.POSITIVE_INT, "20", "epochs without dev improvement"
            + " that stop a run"),
        Option.of("test-size", Option.Kind.INT, "0", "test examples scored (0 = all)"),
        Option.of("mixout-p", Option.Kind.DOUBLE, "0.9", "MixOut probability p"),
        Option.of("lnsr-sigma", Option.Kind.DOUBLE, "0.1", "LNSR noise std"),
        Option.of("lnsr-weight", Option.Kind.DOUBLE, "1", "LNSR penalty weight"),
        Option.of("mmr-alpha", Option.Kind.DOUBLE, "1", "MMR weight alpha (eq. 9)"),
        Option.of("surt-steps", Option.Kind.INT, "50", "SURT masked-LM steps"),
        Option.of("surt-lr", Option.Kind.POSITIVE_DOUBLE, "5e-5", "SURT learning rate"),
        Option.of("seed", Option.Kind.LONG, "0", "base seed (data split; run k uses seed + k)"),
        Option.flag("svm", "head mode, binary task: cosine of each head with the hard-margin SVM"),
        Option.flag("progress", "show progress lines on stderr"));
  }

  /**
   * The computation of {@code stability glue}: builds and runs {@link GlueStability} from parsed
   * options (the notebook helpers call this with the same arguments).
   *
   * @throws UsageException with a one-line message naming the bad option
   */
  static GlueStabilityResult compute(Args a) {
    String task = a.string("task").trim().toLowerCase(Locale.ROOT);
    if (!Datasets.names().contains(task)) {
      throw new UsageException("--task: unknown '" + a.string("task") + "'; accepted: "
          + String.join(", ", Datasets.names()));
    }
    GlueStability.Builder b = GlueStability.builder().setModel(a.string("model")).setTask(task)
        .setMethod(StabilityMethod.parse(a.string("method")))
        .optMode("full".equals(a.string("mode")) ? GlueStability.Mode.FULL : GlueStability.Mode.HEAD)
        .optSeeds(a.integer("seeds")).optTrainSize(a.integer("train-size"))
        .optRemoveFraction(a.real("remove")).optHeads(a.integer("heads"))
        .optEpochs(a.integer("epochs")).optMaxLength(a.integer("max-length"))
        .optBatchSize(a.integer("batch-size")).optPatience(a.integer("patience"))
        .optTestSize(a.integer("test-size")).optMixoutP(a.real("mixout-p"))
        .optLnsrSigma(a.real("lnsr-sigma")).optLnsrWeight(a.real("lnsr-weight"))
        .optMmrAlpha(a.real("mmr-alpha")).optSurtSteps(a.integer("surt-steps"))
        .optSurtLearningRate(a.real("surt-lr")).optSeed(a.longValue("seed"))
        .optSvmReference(a.flag("svm")).optProgress(a.flag("progress"));
    b.optHead(GlueStability.Head.parse(a.string("head")));
    if (a.has("cache-dir") && !a.string("cache-dir").isBlank()) {
      b.optCacheDir(java.nio.file.Path.of(a.string("cache-dir")));
    }
    if (a.has("lr")) {
      b.optLearningRate(a.real("lr"));
    }
    if (a.integer("epochs") < 0) {
      throw new UsageException("--epochs: must be >= 0 (0 = default), got " + a.integer("epochs"));
    }
    GlueStability g;
    try {
      g = b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("stability glue: " + e.getMessage().lines().findFirst().orElse("bad argument"));
    }
    return g.run();
  }
}
