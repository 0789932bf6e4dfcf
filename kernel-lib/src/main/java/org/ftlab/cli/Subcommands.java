package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import java.io.PrintStream;
import java.util.List;

/**
 * Optional interface of a {@link Command} whose first positional word chooses a subcommand, e.g.
 * {@code ./ftlab stability synthetic --factor margin}. {@link Main} passes the word here and parses
 * the remaining {@code --options} against {@link #options(String)}; a missing or unknown word exits
 * with code 2 and a one-line reason listing {@link #subcommands()}.
 */
public interface Subcommands {
  /** Accepted subcommand words, in help order. */
  List<String> subcommands();

  /** Options of one subcommand. */
  List<Option> options(String subcommand);

  /** Runs a subcommand with its parsed options. */
  void run(String subcommand, Args args, PrintStream out) throws Exception;
}
