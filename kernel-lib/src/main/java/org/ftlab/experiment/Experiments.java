package org.ftlab.experiment;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ftlab.claims.Claim;
import org.ftlab.options.Args;
import org.ftlab.options.UsageException;
import org.ftlab.util.ProcessMemory;

/**
 * The registry of experiments and the one way to run them: by object ({@link #run(Experiment,
 * Record, RunContext)}) or by name with command-line style options ({@link #run(String, List)}),
 * which is what the command line, the notebook helpers and the magics call.
 */
public final class Experiments {
  private Experiments() {}

  /** Every experiment, in ledger order. */
  public static List<Experiment<?, ?>> all() {
    return Registry.ALL;
  }

  /** The experiments whose results carry claims (the ledger's experiments). */
  public static List<Experiment<?, ?>> withClaims() {
    return all().stream().filter(e -> !e.claimIds().isEmpty()).toList();
  }

  /** The experiment of a name. */
  public static Experiment<?, ?> get(String name) {
    for (Experiment<?, ?> e : all()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new UsageException("unknown experiment '" + name + "' (known: " + String.join(", ",
        all().stream().map(Experiment::name).toList()) + ")");
  }

  /** The experiment that measures a claim id. */
  public static Experiment<?, ?> ofClaim(String id) {
    for (Experiment<?, ?> e : all()) {
      if (e.claimIds().contains(id)) {
        return e;
      }
    }
    throw new UsageException("no experiment measures claim '" + id + "' (known claims: "
        + String.join(", ", all().stream().flatMap(e -> e.claimIds().stream()).toList()) + ")");
  }

  /**
   * Tokens of a helper call: one string is split like a shell line (quotes group words), several
   * strings are taken as tokens as they are ({@code run("ntk", "--n", "50")}).
   */
  public static List<String> tokens(String... args) {
    if (args == null || args.length == 0) {
      return List.of();
    }
    if (args.length == 1) {
      return Args.split(args[0]);
    }
    return List.of(args);
  }

  /**
   * Runs an experiment by name with command-line style options; {@code --mode quick|standard|full}
   * picks the defaults (default: {@link RunMode#current()}).
   *
   * @throws UsageException one line naming a bad option
   */
  public static ExperimentResult run(String name, List<String> tokens) throws Exception {
    return runTokens(get(name), tokens);
  }

  /** The options these tokens give (over the defaults of the mode they name). */
  public static <O extends Record> O parse(Experiment<O, ?> e, List<String> tokens) {
    List<String> rest = new ArrayList<>(tokens);
    RunMode mode = takeMode(e.name(), rest);
    return OptionsBinder.of(e.optionsType()).parse(e.name(), rest, e.defaults(mode));
  }

  private static <O extends Record, R extends ExperimentResult> R runTokens(Experiment<O, R> e,
      List<String> tokens) throws Exception {
    List<String> rest = new ArrayList<>(tokens);
    RunMode mode = takeMode(e.name(), rest);
    O options = OptionsBinder.of(e.optionsType()).parse(e.name(), rest, e.defaults(mode));
    return run(e, options, RunContext.of(mode));
  }

  /** Removes {@code --mode X} (or {@code --mode=X}) from the tokens and returns the mode. */
  static RunMode takeMode(String label, List<String> tokens) {
    RunMode mode = null;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      String v = null;
      if (t.equals("--mode")) {
        if (i + 1 >= tokens.size()) {
          throw new UsageException(label + ": --mode needs a value (quick, standard or full)");
        }
        v = tokens.remove(i + 1);
        tokens.remove(i);
        i--;
      } else if (t.startsWith("--mode=")) {
        v = t.substring("--mode=".length());
        tokens.remove(i);
        i--;
      }
      if (v != null) {
        if (mode != null) {
          throw new UsageException(label + ": --mode given twice");
        }
        try {
          mode = RunMode.parse(v);
        } catch (IllegalArgumentException ex) {
          throw new UsageException(label + ": --mode expects quick, standard or full, got '" + v
              + "'");
        }
      }
    }
    return mode == null ? RunMode.current() : mode;
  }

  /**
   * Runs an experiment: checkpoints scoped to its options, CPU and wall time, peak memory, a check
   * that its claims are the ones it declares, and, when the environment variable
   * {@code FTLAB_RECORD} names a folder, one ledger entry per claim written there, but only for
   * the canonical run of the current mode (the defaults of {@link RunMode#current()}): a smaller
   * one-liner or a user's variation in a notebook never replaces the ledger's entry.
   */
  public static <O extends Record, R extends ExperimentResult> R run(Experiment<O, R> e,
      O options, RunContext context) throws Exception {
    String record = System.getenv("FTLAB_RECORD");
    boolean canonical = context.mode() == RunMode.current()
        && OptionsBinder.of(e.optionsType()).asText(options).equals(
            OptionsBinder.of(e.optionsType()).asText(e.defaults(context.mode())));
    return run(e, options, context, record == null || record.isBlank() || !canonical ? null
        : Path.of(record.trim()));
  }

  /** As {@link #run(Experiment, Record, RunContext)}, recording into {@code recordDir} if not null. */
  public static <O extends Record, R extends ExperimentResult> R run(Experiment<O, R> e,
      O options, RunContext context, Path recordDir) throws Exception {
    OptionsBinder<O> binder = OptionsBinder.of(e.optionsType());
    Map<String, String> text = binder.asText(options);
    context.scope = new RunContext.Scope(e.name(), Checkpoints.key(text.toString(),
        context.mode()));
    ProcessMemory.resetPeak();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    R r = e.compute(options, context);
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    double rss = ProcessMemory.peakRssBytes() / (1024.0 * 1024.0);
    List<Claim> claims = r.claims().claims();
    Set<String> seen = new HashSet<>();
    for (Claim c : claims) {
      if (!e.claimIds().contains(c.id())) {
        throw new IllegalStateException(e.name() + " returned claim " + c.id()
            + " which it does not declare (declared: " + e.claimIds() + ")");
      }
      if (!seen.add(c.id())) {
        throw new IllegalStateException(e.name() + " returned claim " + c.id() + " twice");
      }
    }
    if (recordDir != null && !claims.isEmpty()) {
      List<LedgerEntry> entries = new ArrayList<>();
      String date = RunInfo.now();
      for (Claim c : claims) {
        entries.add(new LedgerEntry(c, e.name(), context.mode().label(), text, RunInfo.commit(),
            date, RunInfo.cpu(), cpu, wall, rss));
      }
      Ledger.write(recordDir, entries);
    }
    return r;
  }

  static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }
}
