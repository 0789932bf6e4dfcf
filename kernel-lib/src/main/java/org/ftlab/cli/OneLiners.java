package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ftlab.experiment.Experiments;
import org.ftlab.report.Displayable;

/**
 * The notebook one-liners ({@code ntk("--n 50")}, {@code %ntk --n 50}) and the commands they
 * stand for: each helper parses its arguments with the {@link Option}s of its {@code ./ftlab}
 * command through the one {@link Args} parser, calls the command's computation and returns the
 * result object the command prints as JSON, so a cell and a shell line are interchangeable.
 * Helpers differ from their command only in defaults chosen for a notebook (an option the caller
 * does not give is added: {@code ntk} defaults to {@code --model minilm}, {@code stability} to
 * {@code synthetic --factor margin --sets 20 --points 200}, {@code appendix} to
 * {@code distance}).
 */
public final class OneLiners {
  /**
   * One helper.
   *
   * @param name Java method name ({@code Ftlab.earlyStop})
   * @param magic magic name without {@code %} ({@code earlystop})
   * @param command the {@code ./ftlab} command it runs
   * @param defaultSubcommand subcommand used when the first token is not one (null: none)
   * @param defaults per subcommand ("" without one), option tokens added when not given
   * @param summary one-line description
   * @param example a one-line call
   */
  public record Helper(String name, String magic, String command, String defaultSubcommand,
      Map<String, List<String>> defaults, String summary, String example) {}

  private static final List<Helper> HELPERS = List.of(
      new Helper("ntk", "ntk", "ntk", null, Map.of("", List.of("--model", "minilm")),
          "empirical NTK K = J J^T / N (eq. 7) of MiniLM + a scalar head (head + last layer) on "
              + "task examples: heat map of K and its spectrum; --model attn for the paper's "
              + "attention net",
          "ntk(\"--data rte --n 100\")"),
      new Helper("beta", "beta", "beta", null, Map.of(),
          "decay exponent beta ± sd over draws (eq. 29-32): log-log spectrum with the fitted "
              + "line, predicted rate N^(-2beta/(2beta+1)) (eq. 30)",
          "beta(\"--data rte --n 100 --draws 3\")"),
      new Helper("earlyStop", "earlystop", "earlystop", null, Map.of(),
          "early-stopping rule on task residuals: critical radius (eq. 11), T_max, T_op (eq. 36),"
              + " hold-out stop, matching KRR lambda, error curves (MiniLM on real labels; --model"
              + " attn: the paper's attention net on a synthetic task with true risk curves)",
          "earlyStop(\"--data stsb --n 100 --holdout 50\")"),
      new Helper("stability", "stability", "stability", "synthetic",
          Map.of("synthetic", List.of("--factor", "margin", "--sets", "20", "--points", "200"),
              "glue", List.of("--task", "rte", "--seeds", "5", "--train-size", "200")),
          "paper 2: synthetic (default, §4.3): normalised LOO stability (Def. 2.3) beside the "
              + "bound of Thm 2.4 / Cor 3.1; glue (§4.2, Tables 2-4): per-seed scores, mean ± std"
              + " of a method on a task",
          "stability(\"synthetic --factor samples --sets 20 --points 200\")"),
      new Helper("taskVectors", "taskvec", "taskvec", null,
          Map.of("", List.of("--tasks", "cr,rte", "--train-size", "100", "--epochs", "1",
              "--test-size", "100")),
          "task vectors of MiniLM fine-tuned per task (§7.2): cosines, addition and negation; "
              + "taskVectors(\"synthetic ...\") runs the synthetic task arithmetic of §5.2 (p1-04)",
          "taskVectors(\"--tasks cr,rte --train-size 100 --epochs 1\")"),
      new Helper("appendix", "appendix", "appendix", "distance", Map.of(),
          "paper 2 appendix on MiniLM fine-tuned in place: distance (default, A.7, Table 6): "
              + "||w*-w0||/||w0|| in 1-, 2-, inf-norms per layer; taylor (A.8, Fig. 11): "
              + "second-order Taylor gap vs perturbation ratio p via Hessian-vector products",
          "appendix(\"taylor --task mrpc --train-size 32 --examples 8 --repeats 3\")"));

  /** First word of {@code taskVectors("synthetic ...")}: the synthetic task arithmetic of §5.2. */
  static final String SYNTHETIC = "synthetic";

  /** The experiment {@code taskVectors("synthetic ...")} runs. */
  static final String SYNTHETIC_EXPERIMENT = "taskvec-synthetic";

  private OneLiners() {}

  /** Every helper, in help order. */
  public static List<Helper> helpers() {
    return HELPERS;
  }

  /** The helper of a Java name or a magic name. */
  public static Helper helper(String nameOrMagic) {
    for (Helper h : HELPERS) {
      if (h.name().equals(nameOrMagic) || h.magic().equals(nameOrMagic)) {
        return h;
      }
    }
    throw new UsageException("unknown helper '" + nameOrMagic + "' (accepted: " + String.join(
        ", ", HELPERS.stream().map(Helper::name).toList()) + ")");
  }

  /**
   * Tokens of a helper call: one string is split like a shell line (quotes group words), several
   * strings are taken as tokens as they are ({@code ntk("--n", "50")}).
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
   * Parses {@code tokens} for a helper and runs its command's computation.
   *
   * @throws UsageException one line naming the bad argument and what it accepts
   */
  public static Displayable run(String nameOrMagic, List<String> tokens) throws Exception {
    Helper h = helper(nameOrMagic);
    Command c = command(h.command());
    List<String> rest = new ArrayList<>(tokens);
    if ("taskvec".equals(h.command()) && !rest.isEmpty() && SYNTHETIC.equals(rest.get(0))) {
      // taskVectors("synthetic ...") is the experiment of §5.2 (p1-04)
      return Experiments.run(SYNTHETIC_EXPERIMENT, rest.subList(1, rest.size()));
    }
    String sub = null;
    if (c instanceof Subcommands sc) {
      if (!rest.isEmpty() && sc.subcommands().contains(rest.get(0))) {
        sub = rest.remove(0);
      } else if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
        throw new UsageException(h.name() + ": unknown subcommand '" + rest.get(0)
            + "' (accepted: " + String.join(", ", sc.subcommands()) + ")");
      } else {
        sub = h.defaultSubcommand();
      }
    }
    List<String> full = withDefaults(rest,
        h.defaults().getOrDefault(sub == null ? "" : sub, List.of()));
    Command routed = c.route(full);
    String label = routed.name() + (sub == null ? "" : " " + sub);
    List<Option> spec = routed instanceof Subcommands sc ? sc.options(sub) : routed.options();
    Args a = Args.parse(label, spec, full);
    if (!(routed instanceof ComputingCommand cc)) {
      throw new IllegalStateException("./ftlab " + label + " has no result object");
    }
    return cc.result(sub, a);
  }

  /** The command a helper runs: a registered one, else the built-in fallback. */
  static Command command(String name) {
    Map<String, Command> all = new LinkedHashMap<>(Main.commands());
    if (all.get(name) instanceof ComputingCommand) {
      return all.get(name);
    }
    throw new IllegalStateException("helper command '" + name + "' is not registered");
  }

  /** Help text of one helper: its command's options and its notebook defaults. */
  public static String usage(String nameOrMagic) {
    Helper h = helper(nameOrMagic);
    // ntk: the options of the notebook default (--model minilm)
    Command c = command(h.command()).route(withDefaults(List.of(),
        h.defaults().getOrDefault("", List.of())));
    StringBuilder sb = new StringBuilder();
    sb.append(h.name()).append("(\"...\") / %").append(h.magic()).append(" ...: ")
        .append(h.summary()).append('\n');
    if (c instanceof Subcommands sc) {
      for (String s : sc.subcommands()) {
        sb.append("\nsubcommand ").append(s).append(s.equals(h.defaultSubcommand())
            ? " (default)" : "").append(":\n").append(Args.help(sc.options(s)));
      }
    } else {
      sb.append('\n').append(Args.help(c.options()));
    }
    h.defaults().forEach((sub, d) -> sb.append("\nnotebook defaults").append(sub.isEmpty() ? ""
        : " for " + sub).append(": ").append(String.join(" ", d)).append('\n'));
    if ("taskvec".equals(h.command())) {
      sb.append("\ntaskVectors(\"synthetic ...\"): the synthetic task arithmetic of §5.2 (p1-04),"
          + " the experiment ").append(SYNTHETIC_EXPERIMENT).append(" (help(\"")
          .append(SYNTHETIC_EXPERIMENT).append("\")).\n");
    }
    if ("ntk".equals(h.command())) {
      sb.append("(--model attn takes the attention network's options: ./ftlab ntk --model attn "
          + "--help)\n");
    }
    sb.append("\nexample: ").append(h.example()).append('\n');
    return sb.toString();
  }

  static List<String> withDefaults(List<String> tokens, List<String> defaults) {
    List<String> out = new ArrayList<>(tokens);
    for (int i = 0; i < defaults.size(); i++) {
      String opt = defaults.get(i);
      String value = i + 1 < defaults.size() && !defaults.get(i + 1).startsWith("--")
          ? defaults.get(++i) : null;
      boolean given = tokens.stream().anyMatch(t -> t.equals(opt) || t.startsWith(opt + "="));
      if (!given) {
        out.add(opt);
        if (value != null) {
          out.add(value);
        }
      }
    }
    return out;
  }
}
