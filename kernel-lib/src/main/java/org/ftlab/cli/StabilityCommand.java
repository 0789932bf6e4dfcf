package org.ftlab.cli;

import java.io.PrintStream;
import java.util.List;
import org.ftlab.stability.SyntheticStability;

/**
 * {@code ./ftlab stability synthetic --factor heads|samples|margin|distance|bound [--sets N]
 * [--points N] [--seed S]}: the synthetic experiments of paper 2 §4.3 (Figures 5-9), printing per
 * level the measured normalised leave-one-out stability (Def. 2.3) and the bound of Theorem 2.4 /
 * Corollary 3.1 as JSON.
 */
final class StabilityCommand implements ComputingCommand, Subcommands {
  @Override
  public String name() {
    return "stability";
  }

  @Override
  public String summary() {
    return "paper 2 stability: 'synthetic' runs the synthetic experiments of §4.3 (Figures 5-9)";
  }

  @Override
  public String example() {
    return "stability synthetic --factor margin --sets 50 --points 2000 --seed 0";
  }

  @Override
  public List<String> subcommands() {
    return List.of("synthetic");
  }

  @Override
  public List<Option> options() {
    return options("synthetic");
  }

  @Override
  public List<Option> options(String subcommand) {
    return List.of(
        Option.choice("factor", null, List.of("heads", "samples", "margin", "distance", "bound"),
            "factor varied: heads (Fig 5), samples (6), margin (7), distance (8), bound (9)"),
        Option.of("sets", Option.Kind.POSITIVE_INT, "", "training sets per level (default 500;"
            + " 20 with --quick; heads uses at most 10)"),
        Option.of("points", Option.Kind.POSITIVE_INT, "", "points per set (default 2000; 200 with"
            + " --quick)"),
        Option.of("steps", Option.Kind.POSITIVE_INT, "1000", "gradient steps t"),
        Option.of("dimension", Option.Kind.POSITIVE_INT, "5", "feature dimension d"),
        Option.of("seed", Option.Kind.LONG, "0", "seed"),
        Option.flag("quick", "quick mode: 20 sets of 200 points unless --sets/--points given"));
  }

  @Override
  public void run(Args args, PrintStream out) {
    throw new UsageException("stability: missing subcommand (accepted: synthetic)");
  }

  @Override
  public void run(String subcommand, Args args, PrintStream out) {
    out.println(synthetic(args).toJson());
  }

  @Override
  public org.ftlab.notebook.Displayable result(String subcommand, Args args) {
    return synthetic(args);
  }

  /** The synthetic experiment of §4.3 these arguments describe ({@code stability synthetic}). */
  static org.ftlab.stability.SyntheticResult synthetic(Args args) {
    SyntheticStability.Factor f = SyntheticStability.Factor.parse(args.string("factor"));
    boolean quick = args.flag("quick");
    int sets = args.has("sets") ? args.integer("sets") : quick ? 20 : SyntheticStability.PAPER_SETS;
    int points = args.has("points") ? args.integer("points")
        : quick ? 200 : SyntheticStability.PAPER_POINTS;
    if (points < 20) {
      throw new UsageException("stability synthetic: --points must be >= 20, got " + points);
    }
    if (args.integer("steps") < 3) {
      throw new UsageException("stability synthetic: --steps must be >= 3 (log log t > 0), got "
          + args.integer("steps"));
    }
    return SyntheticStability.builder(f).optSets(sets).optPoints(points)
        .optSteps(args.integer("steps")).optDimension(args.integer("dimension"))
        .optSeed(args.longValue("seed")).build().run();
  }
}
