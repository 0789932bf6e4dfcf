package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import java.io.PrintStream;
import java.util.List;
import org.ftlab.stopping.EarlyStopping;
import org.ftlab.util.MatrixIo;

/**
 * {@code ./ftlab stop --kernel K.tsv --y y.tsv --sigma S [--eta E]}: the data-dependent
 * early-stopping rule of paper 1 (§3.5, eq. 10-11, B.1 eq. 36): critical radius, T_max, T_op and the
 * matching kernel-ridge λ = 1/(ε T_op) (§6.2). K is the empirical kernel matrix already divided by N.
 */
final class StopCommand implements Command {
  @Override
  public String name() {
    return "stop";
  }

  @Override
  public String summary() {
    return "early-stopping rule: critical radius (eq. 11), T_max, T_op (eq. 36), KRR lambda";
  }

  @Override
  public String example() {
    return "stop --kernel K.tsv --y y.tsv --sigma 0.5";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.required("kernel", Option.Kind.PATH, "N x N empirical kernel matrix K (divided by N)"),
        Option.required("y", Option.Kind.PATH, "targets minus the pretrained predictions, one per line"),
        Option.required("sigma", Option.Kind.POSITIVE_DOUBLE, "noise standard deviation sigma"),
        Option.of("eta", Option.Kind.POSITIVE_DOUBLE, "", "step size epsilon (default min(1, 1/lambda_1))"),
        Option.of("c-h", Option.Kind.POSITIVE_DOUBLE, "1", "C_H = ||f_PT - f_tgt||_H (eq. 11)"));
  }

  @Override
  public void run(Args args, PrintStream out) {
    double[][] k = MatrixIo.readSquare(args.path("kernel"));
    double[] y = MatrixIo.readVector(args.path("y"));
    if (y.length != k.length) {
      throw new UsageException("--y " + args.path("y") + " has " + y.length + " values but the "
          + "kernel " + args.path("kernel") + " is " + k.length + " x " + k.length);
    }
    EarlyStopping.Builder b = EarlyStopping.builder().setKernel(k).setY(y)
        .setSigma(args.real("sigma")).optCH(args.real("c-h"));
    if (args.has("eta")) {
      b.optEta(args.real("eta"));
    }
    try {
      out.println(b.build().compute().toJson(false));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--kernel " + args.path("kernel") + ": " + e.getMessage());
    }
  }
}
