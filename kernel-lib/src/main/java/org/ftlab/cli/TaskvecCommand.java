package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ftlab.data.Datasets;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.taskvector.EncoderTaskArithmetic;
import org.ftlab.taskvector.EncoderTaskArithmeticResult;
import org.ftlab.train.EncoderFineTuner;

/**
 * {@code ./ftlab taskvec --model minilm --tasks cr,senteval-cr,rte,mrpc --train-size 500 --epochs 2}:
 * task vectors of a pretrained encoder (paper 1, §7.2, Figure 3) via {@link EncoderTaskArithmetic};
 * prints one JSON object with the cosines and the pretrained, fine-tuned, added and negated
 * accuracies per task, and the λ sweeps.
 */
final class TaskvecCommand implements ComputingCommand {
  @Override
  public String name() {
    return "taskvec";
  }

  @Override
  public String summary() {
    return "task vectors of a pretrained encoder: cosines, addition and negation (paper 1, §7.2)";
  }

  @Override
  public String example() {
    return "taskvec --model minilm --tasks cr,senteval-cr,rte,mrpc --train-size 500 --epochs 2 --seed 0";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.choice("model", "minilm", PretrainedModels.names(), "pretrained encoder"),
        Option.of("tasks", Option.Kind.STRING, "cr,senteval-cr,rte,mrpc",
            "comma-separated classification datasets, at least 2, of " + String.join(", ",
                Datasets.names())),
        Option.required("train-size", Option.Kind.POSITIVE_INT,
            "training examples per task (10% held out for early stopping)"),
        Option.of("epochs", Option.Kind.POSITIVE_INT, "2", "most epochs per task"),
        Option.of("seed", Option.Kind.LONG, "0", "seed of sampling, heads and shuffling"),
        Option.choice("mode", "lastk", List.of("lastk", "full"), "encoder tensors trained (and in τ)"),
        Option.of("last-k", Option.Kind.POSITIVE_INT, "1", "layers trained with --mode lastk"),
        Option.of("lr", Option.Kind.POSITIVE_DOUBLE, "1e-4", "AdamW learning rate"),
        Option.of("lambdas", Option.Kind.STRING, "0,0.25,0.5,0.75,1,1.5,2",
            "comma-separated scaling coefficients of the sweeps, each in [0, 10]"),
        Option.of("negation-lambda", Option.Kind.DOUBLE, "1", "λ of the negation table θ_PT − λτ"),
        Option.of("negate", Option.Kind.STRING, "", "task negated in the λ sweep (default: first)"),
        Option.of("control", Option.Kind.STRING, "", "control task of the negation (default: last)"),
        Option.of("test-size", Option.Kind.INT, "200", "test examples per task (0 = all)"),
        Option.of("batch-size", Option.Kind.POSITIVE_INT, "16", "mini-batch size"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "64", "most tokens per example"),
        Option.flag("progress", "show progress lines on stderr"));
  }

  /**
   * Runs the experiment described by parsed arguments (also the entry of the notebook helper).
   *
   * @throws UsageException with a one-line message naming the bad argument
   */
  static EncoderTaskArithmeticResult compute(Args a) {
    String[] tasks = a.string("tasks").split(",", -1);
    for (String t : tasks) {
      if (!Datasets.names().contains(t.trim().toLowerCase(Locale.ROOT))) {
        throw new UsageException("--tasks: unknown '" + t.trim() + "'; accepted: "
            + String.join(", ", Datasets.names()));
      }
    }
    List<Double> lam = new ArrayList<>();
    for (String s : a.string("lambdas").split(",", -1)) {
      try {
        lam.add(Double.parseDouble(s.trim()));
      } catch (NumberFormatException e) {
        throw new UsageException("--lambdas: '" + s.trim() + "' is not a number");
      }
    }
    EncoderFineTuner.Mode mode = "full".equals(a.string("mode"))
        ? EncoderFineTuner.Mode.FULL : EncoderFineTuner.Mode.LAST_K;
    try {
      return EncoderTaskArithmetic.builder().optModel(a.string("model")).setTasks(tasks)
          .setTrainSize(a.integer("train-size")).optEpochs(a.integer("epochs"))
          .optSeed(a.longValue("seed")).optMode(mode, a.integer("last-k"))
          .optLearningRate(a.real("lr"))
          .optLambdas(lam.stream().mapToDouble(Double::doubleValue).toArray())
          .optNegation(a.real("negation-lambda"), blank(a.string("negate")), blank(a.string("control")))
          .optTestSize(a.integer("test-size")).optBatchSize(a.integer("batch-size"))
          .optMaxLength(a.integer("max-length")).optProgress(a.flag("progress"))
          .build().run();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + e.getMessage().lines().findFirst().orElse("bad argument"));
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public void run(Args args, PrintStream out) {
    out.println(compute(args).toJson());
  }

  @Override
  public org.ftlab.report.Displayable result(String subcommand, Args args) {
    return compute(args);
  }
}
