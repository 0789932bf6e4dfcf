package org.ftlab.cli;

import java.util.List;

/** The registry of {@code ./ftlab} computation commands; each issue adds its commands here. */
final class Commands {
  private Commands() {}

  static List<Command> all() {
    return List.of(new DoctorCommand(), new NtkCommand(), new SpectrumCommand(),
        new StopCommand(), new EncodeCommand(), new StabilityCommand(), new BenchCommand(),
        new FinetuneCommand(), new CurvesCommand(), new BetaCommand(), new EarlyStopCommand(),
        new TaskvecCommand(), new AppendixCommand());
  }
}
