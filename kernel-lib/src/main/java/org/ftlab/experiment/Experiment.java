package org.ftlab.experiment;

import java.util.List;

/**
 * One figure, table or claim of a paper (or one computation the command line offers): immutable
 * options with defaults declared once per {@link RunMode}, a computation and a result with its
 * claims. The command line ({@code ./ftlab NAME}), the notebook helper ({@code run("NAME", ...)})
 * and the magic are adapters generated from the options record ({@link OptionsBinder}).
 *
 * <p>Implement {@link #compute}; call {@link #run(Record)} (or {@link Experiments#run}), which adds
 * timing, checkpoints and, when {@code FTLAB_RECORD} names a folder, the ledger entries of the
 * claims.
 *
 * @param <O> the options record; its components carry {@link Help}
 * @param <R> the result
 */
public interface Experiment<O extends Record, R extends ExperimentResult> {
  /** The name used on the command line and by the notebook helper, e.g. {@code early-stopping}. */
  String name();

  /** One line: what it computes, with the paper's section. */
  String summary();

  /** The notebook that shows it (file name), or "" for a computation without a notebook. */
  String notebook();

  /** The ids of the claims its result carries (empty for a plain computation). */
  List<String> claimIds();

  /** The options record's class. */
  Class<O> optionsType();

  /** The defaults of one run size; every default is declared here and nowhere else. */
  O defaults(RunMode mode);

  /**
   * Computes the result.
   *
   * @param options validated options
   * @param context run size, progress and checkpoints of this run
   */
  R compute(O options, RunContext context) throws Exception;

  /** Runs with these options: timing, checkpoints, and the ledger when recording. */
  default R run(O options) throws Exception {
    return Experiments.run(this, options, RunContext.of(RunMode.current()));
  }

  /** Runs with the defaults of the current run size ({@link RunMode#current()}). */
  default R run() throws Exception {
    return run(defaults(RunMode.current()));
  }

  /** The options of the current run size with some of them set as on the command line. */
  default O options(String... tokens) {
    return OptionsBinder.of(optionsType()).parse(name(), Experiments.tokens(tokens),
        defaults(RunMode.current()));
  }
}
