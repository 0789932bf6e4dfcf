package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ./ftlab <command> ...} for headless runs. The launcher script handles
 * {@code lab}, {@code test}, {@code reproduce} and {@code setup} itself and passes every other
 * command here. Results are printed as JSON on standard output; progress goes to standard error.
 * Bad arguments or input exit with code 2 and a one-line reason; failures exit with code 1.
 */
public final class Main {
  /** Commands handled by the launcher script, listed in help. */
  static final String[][] SCRIPT_COMMANDS = {
      {"setup", "build the library, install Jupyter if missing and the 'ftlab' Java kernel"},
      {"lab", "set up, then start Jupyter Notebook on notebooks/ and print its URL"},
      {"reproduce", "set up, then execute every notebook headless into build/notebooks/"},
      {"test", "set up, then run the JUnit suite and execute every notebook (FTLAB_QUICK=1)"},
  };

  private Main() {}

  /** The commands, by name, in help order. */
  public static Map<String, Command> commands() {
    Map<String, Command> m = new LinkedHashMap<>();
    for (Command c : Commands.all()) {
      m.put(c.name(), c);
    }
    return m;
  }

  public static void main(String[] argv) {
    System.exit(run(argv, System.out, System.err));
  }

  /** Runs a command line; returns the exit code (0 ok, 1 failure, 2 bad usage or input). */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    org.ftlab.util.NativeMemory.configure();
    Map<String, Command> commands = commands();
    if (argv.length == 0 || Arrays.asList("--help", "-h", "help").contains(argv[0])) {
      out.print(help(commands));
      return 0;
    }
    Command c = commands.get(argv[0]);
    int words = 1;
    if (argv.length > 1 && commands.get(argv[0] + "-" + argv[1]) instanceof ExperimentCommand two) {
      // "./ftlab stability glue ..." runs the experiment "stability-glue"
      c = two;
      words = 2;
    }
    if (c == null) {
      err.println("ftlab: unknown command '" + argv[0] + "' (commands: "
          + String.join(", ", allNames(commands)) + "; see ./ftlab --help)");
      return 2;
    }
    List<String> rest = Arrays.asList(argv).subList(words, argv.length);
    c = c.route(rest);
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(commandHelp(c, rest.isEmpty() ? null : rest.get(0)));
      return 0;
    }
    try {
      if (c instanceof ExperimentCommand ec) {
        ec.run(rest, out);
        out.flush();
        return 0;
      }
      if (c instanceof Subcommands sc) {
        if (rest.isEmpty() || !sc.subcommands().contains(rest.get(0))) {
          throw new UsageException((rest.isEmpty() ? "missing subcommand"
              : "unknown subcommand '" + rest.get(0) + "'") + " (accepted: "
              + String.join(", ", sc.subcommands()) + ")");
        }
        String sub = rest.get(0);
        sc.run(sub, Args.parse(c.name() + " " + sub, sc.options(sub), rest.subList(1,
            rest.size())), out);
        out.flush();
        return 0;
      }
      Args args = Args.parse(c.name(), c.options(), rest);
      c.run(args, out);
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      // UsageException and the library's input validation: one line, exit 2
      err.println("ftlab " + c.name() + ": " + oneLine(e.getMessage()));
      return 2;
    } catch (Exception | LinkageError e) {
      err.println("ftlab " + c.name() + ": failed: " + e.getClass().getSimpleName() + ": "
          + oneLine(e.getMessage()) + " (set FTLAB_DEBUG=1 for the stack trace)");
      if (System.getenv("FTLAB_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  private static List<String> allNames(Map<String, Command> commands) {
    List<String> names = new ArrayList<>();
    for (String[] s : SCRIPT_COMMANDS) {
      names.add(s[0]);
    }
    names.addAll(commands.keySet());
    return names;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    return s.replace('\n', ' ').replace('\r', ' ').trim();
  }

  /** Help for all commands. */
  public static String help(Map<String, Command> commands) {
    StringBuilder sb = new StringBuilder();
    sb.append("ftlab: reproduce Sun & Raskutti (early stopping, empirical NTK) and Fu et al.\n")
        .append("(stability of fine-tuning) on the JVM.\n\n")
        .append("usage: ./ftlab <command> [--option value ...]   (./ftlab <command> --help)\n\n")
        .append("set-up and notebooks:\n");
    for (String[] s : SCRIPT_COMMANDS) {
      sb.append(String.format("  %-11s %s%n", s[0], s[1]));
    }
    sb.append("\ncomputations (print JSON):\n");
    for (Command c : commands.values()) {
      sb.append(String.format("  %-11s %s%n", c.name(), c.summary()));
      sb.append(String.format("  %-11s   e.g. ./ftlab %s%n", "", c.example()));
    }
    sb.append("\nnotebook one-liners (same options as the command; help() in a notebook):\n");
    for (OneLiners.Helper h : OneLiners.helpers()) {
      String shell = commands.containsKey(h.command()) ? "./ftlab " + h.command() + " ..."
          : "notebook only for now";
      sb.append(String.format("  %-11s e.g. %s   (%%%s ..., %s)%n", h.name(), h.example(),
          h.magic(), shell));
    }
    sb.append("\nExit codes: 0 ok, 1 failure, 2 bad arguments or input.\n");
    return sb.toString();
  }

  /** Help for one command. */
  public static String commandHelp(Command c) {
    return commandHelp(c, null);
  }

  /**
   * Help for one command; for a command with subcommands, the options of {@code word} when it
   * names one of them, else the options of every subcommand.
   */
  static String commandHelp(Command c, String word) {
    if (!(c instanceof Subcommands sc)) {
      return "usage: ./ftlab " + c.name() + " [options]\n" + c.summary() + "\n\noptions:\n"
          + Args.help(c.options()) + "\nexample: ./ftlab " + c.example() + "\n";
    }
    List<String> subs = sc.subcommands().contains(word) ? List.of(word) : sc.subcommands();
    StringBuilder sb = new StringBuilder("usage: ./ftlab " + c.name() + " {"
        + String.join("|", sc.subcommands()) + "} [options]\n" + c.summary() + "\n");
    for (String sub : subs) {
      sb.append("\noptions of '").append(c.name()).append(' ').append(sub).append("':\n")
          .append(Args.help(sc.options(sub)));
    }
    return sb.append("\nexample: ./ftlab ").append(c.example()).append('\n').toString();
  }
}
