package org.ftlab.cli;

import java.util.ArrayList;
import java.util.List;
import org.ftlab.experiment.Experiment;
import org.ftlab.experiment.Experiments;

/**
 * The registry of {@code ./ftlab} commands: the hand-written ones and one
 * {@link ExperimentCommand} per registered experiment ({@link Experiments#all()}).
 */
final class Commands {
  private Commands() {}

  static List<Command> all() {
    List<Command> out = new ArrayList<>(List.of(new DoctorCommand(), new ClaimsCommand(),
        new NtkCommand(), new SpectrumCommand(),
        new StopCommand(), new EncodeCommand(), new StabilityCommand(), new BenchCommand(),
        new FinetuneCommand(), new CurvesCommand(), new BetaCommand(), new EarlyStopCommand(),
        new TaskvecCommand(), new AppendixCommand()));
    for (Experiment<?, ?> e : Experiments.all()) {
      out.add(new ExperimentCommand(e));
    }
    return out;
  }
}
