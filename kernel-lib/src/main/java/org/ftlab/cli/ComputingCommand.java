package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.report.Displayable;

/**
 * A command whose computation returns a result object: {@code run} prints that object's JSON, and
 * the notebook one-liners ({@link OneLiners}: {@code ntk("--n 50")}, {@code %ntk --n 50}) call
 * {@link #result} with the same parsed {@link Args} and render the object instead. Each
 * implementation delegates to its static {@code compute(Args)}.
 */
interface ComputingCommand extends Command {
  /**
   * Computes without printing.
   *
   * @param subcommand the subcommand word for {@link Subcommands}, null otherwise
   * @param args arguments parsed against this command's options
   * @return the result the command's JSON describes
   */
  Displayable result(String subcommand, Args args) throws Exception;
}
