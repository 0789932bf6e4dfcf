package org.ftlab.cli;

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

  /** Runs with parsed arguments; throws {@link UsageException} for bad input. */
  void run(Args args, PrintStream out) throws Exception;
}
