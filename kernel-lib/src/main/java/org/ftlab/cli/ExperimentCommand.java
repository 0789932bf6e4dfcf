package org.ftlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.ftlab.experiment.Experiment;
import org.ftlab.experiment.ExperimentResult;
import org.ftlab.experiment.Experiments;
import org.ftlab.experiment.OptionsBinder;
import org.ftlab.experiment.RunMode;
import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.util.Json;

/**
 * The command-line adapter of an experiment: {@code ./ftlab NAME [--mode quick|standard|full]
 * [--option value ...]}. Options, defaults and help come from the experiment's options record
 * ({@link OptionsBinder}); the result is printed as one JSON object: the experiment, mode,
 * options, the result's numbers and its claims.
 */
final class ExperimentCommand implements Command {
  private final Experiment<?, ?> experiment;
  private final String name;

  ExperimentCommand(Experiment<?, ?> experiment) {
    this(experiment, experiment.name());
  }

  /** The adapter under another command word (e.g. a subcommand's full name). */
  ExperimentCommand(Experiment<?, ?> experiment, String name) {
    this.experiment = experiment;
    this.name = name;
  }

  Experiment<?, ?> experiment() {
    return experiment;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return experiment.summary() + (experiment.claimIds().isEmpty() ? ""
        : " [claims " + String.join(", ", experiment.claimIds()) + "]");
  }

  @Override
  public String example() {
    return name + " --mode quick";
  }

  @Override
  public List<Option> options() {
    return options(experiment);
  }

  private static <O extends Record> List<Option> options(Experiment<O, ?> e) {
    List<Option> out = new ArrayList<>();
    out.add(Option.choice("mode", RunMode.current().label(), List.of("quick", "standard",
        "full"), "run size; the defaults below are those of the current mode (FTLAB_MODE)"));
    out.addAll(OptionsBinder.of(e.optionsType()).options(e.defaults(RunMode.current())));
    return out;
  }

  @Override
  public void run(Args args, PrintStream out) {
    throw new IllegalStateException("experiment commands run from their raw tokens");
  }

  /** Parses the raw tokens, runs the experiment and prints its JSON. */
  void run(List<String> tokens, PrintStream out) throws Exception {
    ExperimentResult r = Experiments.run(experiment.name(), tokens);
    out.println(json(experiment, tokens, r));
  }

  static Json json(Experiment<?, ?> e, List<String> tokens, ExperimentResult r) {
    return Json.object().put("experiment", e.name())
        .putValue("options", optionsText(e, tokens))
        .put("result", r.json()).putValue("claims", r.claims().claims());
  }

  private static <O extends Record> Object optionsText(Experiment<O, ?> e, List<String> tokens) {
    return OptionsBinder.of(e.optionsType()).asText(Experiments.parse(e, tokens));
  }
}
