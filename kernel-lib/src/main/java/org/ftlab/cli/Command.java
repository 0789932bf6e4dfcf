package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import java.io.PrintStream;
import java.util.List;

/** A command of {@code ./ftlab}. Implementations print JSON results on {@code out}. */
public interface Command {
  /** The command word, e.g. {@code ntk}. */
  String name();

  /** One-line description. */
  String summary();

  /** A one-line example invocation (without {@code ./ftlab}). */
  String example();

  /** The options this command accepts. */
  List<Option> options();

  /**
   * The command that handles these raw arguments: itself by default. A command whose options
   * depend on one argument (e.g. {@code ntk --model minilm} takes other options than
   * {@code ntk --model attn}) returns another command here, before the arguments are parsed.
   */
  default Command route(List<String> tokens) {
    return this;
  }

  /** Runs with parsed arguments; throws {@link UsageException} for bad input. */
  void run(Args args, PrintStream out) throws Exception;
}
