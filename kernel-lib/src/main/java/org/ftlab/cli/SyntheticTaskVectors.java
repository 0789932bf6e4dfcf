package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import java.io.PrintStream;
import java.util.List;
import org.ftlab.taskvector.TaskArithmetic;
import org.ftlab.taskvector.TaskArithmeticResult;

/**
 * What {@code taskVectors("synthetic ...")} / {@code %taskvec synthetic ...} run: the synthetic
 * task arithmetic of paper 1 §5.2 ({@link TaskArithmetic}, notebook p1-04): cosines between task
 * vectors, kernel overlap, negation and addition. Not listed in {@link Commands#all()} (the
 * {@code ./ftlab taskvec} command is the encoder experiment of §7.2, which the helper runs without
 * the word {@code synthetic}).
 */
final class SyntheticTaskVectors implements ComputingCommand {
  @Override
  public String name() {
    return "taskvec";
  }

  @Override
  public String summary() {
    return "synthetic task arithmetic of paper 1 §5.2 (cosines, kernel overlap, negation, "
        + "addition)";
  }

  @Override
  public String example() {
    return "taskvec --width 32 --steps 100";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.of("width", Option.Kind.POSITIVE_INT, "64", "student width (NTK parameterization)"),
        Option.of("layers", Option.Kind.POSITIVE_INT, "1", "student blocks"),
        Option.of("samples", Option.Kind.POSITIVE_INT, "64", "training samples per task"),
        Option.of("test-samples", Option.Kind.POSITIVE_INT, "100", "test samples per task"),
        Option.of("steps", Option.Kind.POSITIVE_INT, "150", "fine-tuning GD steps per task"),
        Option.of("lr", Option.Kind.POSITIVE_DOUBLE, "0.5", "learning rate"),
        Option.of("pretrain-steps", Option.Kind.POSITIVE_INT, "200", "pretraining GD steps"),
        Option.of("lambdas", Option.Kind.STRING, "0,0.25,0.5,0.75,1,1.25,1.5",
            "addition coefficients, comma-separated"),
        Option.of("negation-lambda", Option.Kind.POSITIVE_DOUBLE, "1", "lambda of theta_PT - "
            + "lambda tau"),
        Option.of("seed", Option.Kind.LONG, "1", "seed of initialisation and data"));
  }

  @Override
  public void run(Args args, PrintStream out) {
    out.println(compute(args).summaryText());
  }

  @Override
  public org.ftlab.report.Displayable result(String subcommand, Args args) {
    return compute(args);
  }

  /** The synthetic task arithmetic these arguments describe. */
  static TaskArithmeticResult compute(Args a) {
    String[] parts = a.string("lambdas").split(",");
    double[] lambdas = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        lambdas[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException("taskvec: --lambdas expects comma-separated numbers, got '"
            + a.string("lambdas") + "'");
      }
    }
    return TaskArithmetic.builder().optWidth(a.integer("width")).optLayers(a.integer("layers"))
        .optSamples(a.integer("samples"), a.integer("test-samples"))
        .optFineTuning(a.integer("steps"), a.real("lr"))
        .optPretrainSteps(a.integer("pretrain-steps")).optLambdas(lambdas)
        .optNegationLambda(a.real("negation-lambda")).optSeed(a.longValue("seed")).build().run();
  }
}
