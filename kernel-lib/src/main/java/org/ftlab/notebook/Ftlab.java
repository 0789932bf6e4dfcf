package org.ftlab.notebook;

import org.ftlab.options.Args;
import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import java.util.ArrayList;
import java.util.List;
import org.ftlab.cli.OneLiners;
import org.ftlab.experiment.Experiment;
import org.ftlab.experiment.ExperimentResult;
import org.ftlab.experiment.Experiments;
import org.ftlab.experiment.OptionsBinder;
import org.ftlab.experiment.RunMode;
import org.ftlab.ntk.NtkResult;
import org.ftlab.ntk.TaskSpectrum;
import org.ftlab.stopping.EarlyStopReport;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The notebook facade: the {@code ftlab} kernel's startup script imports its static methods, so a
 * cell can call {@code help()}, {@code svg(chart)} and the one-liners {@link #ntk}, {@link #beta},
 * {@link #earlyStop}, {@link #stability}, {@link #taskVectors} and {@link #appendix}, which take
 * the arguments of the matching {@code ./ftlab} command ({@link OneLiners}), show the result and
 * return it. Outside the bundled kernel, call {@link #install()} once in the first cell.
 */
public final class Ftlab {
  private static volatile String installedIn;

  private Ftlab() {}

  /**
   * Makes ftlab's charts, tables and results render inline in the running Java kernel:
   * <ul>
   *   <li>Rapaio kernel: renderers come through its display SPI (nothing else needed);
   *   <li>IJava: registers renderers with {@code IJava.getKernelInstance().getRenderer()} and the
   *       magics {@code %ntk %beta %earlystop %stability %taskvec %appendix} with its
   *       {@code getMagics()};
   *   <li>JJava: its extension service ({@link JJavaExtension}) installs renderers and magics
   *       automatically; calling this is harmless.
   * </ul>
   * In every kernel it also fixes glibc's mmap threshold ({@link org.ftlab.util.NativeMemory}), so
   * the memory of freed tensors goes back to the system between cells.
   * The Rapaio kernel 3.0.1 keeps a fixed list of magics, so there the one-liners are functions
   * only ({@code ntk("--n 50")}).
   *
   * @return which kernel was found ("rapaio", "ijava", "jjava" or "none")
   */
  public static synchronized String install() {
    if (installedIn != null) {
      return installedIn;
    }
    org.ftlab.util.NativeMemory.configure();
    String found = "none";
    if (RapaioSupport.insideKernel()) {
      // nothing to do: the kernel's display SPI already found RapaioDisplayProvider (refreshing
      // it from a cell could rebuild it with the cell thread's class loader)
      found = "rapaio";
    } else if (IJavaSupport.kernel() != null) {
      IJavaSupport.registerRenderers(IJavaSupport.kernel().getRenderer());
      IJavaSupport.registerMagics(IJavaSupport.kernel());
      found = "ijava";
    } else if (classPresent("org.dflib.jjava.jupyter.kernel.BaseKernel")) {
      found = "jjava";
    }
    installedIn = found;
    return found;
  }

  /** A chart to be shown as SVG rather than PNG. */
  public static SvgChart svg(Chart<?, ?> chart) {
    return new SvgChart(chart);
  }

  // ---- experiments: run("NAME", "--option value ...") / %ftlab NAME --option value ... ----

  /**
   * Runs an experiment by name with the options of {@code ./ftlab NAME} (the defaults of the
   * current run size, {@code FTLAB_MODE}; {@code --mode} overrides it), shows the result and
   * returns it, e.g. {@code run("taskvec-synthetic", "--seeds 4")}. {@code help("NAME")} lists its
   * options. A bad option stops only this cell, with one line naming it.
   */
  public static ExperimentResult run(String experiment, String... args) {
    ExperimentResult r;
    try {
      r = Experiments.run(experiment, Experiments.tokens(args));
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage().replace('\n', ' ').replace('\r', ' ').trim();
      throw new HelperException(msg + " (see help(\"" + experiment + "\"))");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(experiment + ": " + e.getMessage(), e);
    }
    show(r);
    return r;
  }

  /**
   * Runs an experiment object with command-line style options over the defaults of the current run
   * size and returns its typed result, e.g. {@code run(new SyntheticTaskArithmetic(), "--seeds
   * 2")}; shows it like {@link #run(String, String...)}.
   */
  public static <O extends Record, R extends ExperimentResult> R run(Experiment<O, R> experiment,
      String... args) {
    @SuppressWarnings("unchecked")
    R r = (R) run(experiment.name(), args);
    return r;
  }

  /** The magic form {@code %ftlab NAME --option value ...}: the first word names the experiment. */
  static ExperimentResult runMagic(List<String> tokens) {
    if (tokens.isEmpty()) {
      throw new HelperException("%ftlab needs an experiment name (known: " + String.join(", ",
          Experiments.all().stream().map(e -> e.name()).toList()) + ")");
    }
    return run(tokens.get(0), tokens.subList(1, tokens.size()).toArray(new String[0]));
  }

  // ---- one-liners: same arguments as ./ftlab <command>, parsed by org.ftlab.options.Args ----

  /**
   * Empirical NTK (eq. 7 of paper 1) of MiniLM + a scalar head on task examples, shown as a heat
   * map and spectrum; arguments as {@code ./ftlab ntk} (default {@code --model minilm}), e.g.
   * {@code ntk("--data rte --n 100")} or {@code ntk("--n", "50")}.
   */
  public static NtkResult ntk(String... args) {
    return (NtkResult) call("ntk", OneLiners.tokens(args));
  }

  /**
   * Decay exponent β ± sd over draws (eq. 29-32) with the log-log spectrum, fitted line and the
   * predicted rate of eq. (30); arguments as {@code ./ftlab beta}.
   */
  public static TaskSpectrum beta(String... args) {
    return (TaskSpectrum) call("beta", OneLiners.tokens(args));
  }

  /**
   * The early-stopping rule (critical radius, T_max, T_op), the hold-out stop and the matching
   * KRR λ with error curves; arguments as {@code ./ftlab earlystop}.
   */
  public static EarlyStopReport earlyStop(String... args) {
    return (EarlyStopReport) call("earlyStop", OneLiners.tokens(args));
  }

  /**
   * Paper 2 stability experiments; arguments as {@code ./ftlab stability SUBCOMMAND} (default
   * subcommand {@code synthetic --factor margin --sets 20 --points 200}).
   */
  public static Displayable stability(String... args) {
    return call("stability", OneLiners.tokens(args));
  }

  /**
   * Task vectors of MiniLM fine-tuned per task ({@code ./ftlab taskvec}, paper 1 §7.2): cosines,
   * addition and negation; {@code taskVectors("synthetic ...")} runs the synthetic task arithmetic
   * of §5.2 instead.
   */
  public static Displayable taskVectors(String... args) {
    return call("taskVectors", OneLiners.tokens(args));
  }

  /**
   * Paper 2's appendix on MiniLM fine-tuned in place; arguments as {@code ./ftlab appendix
   * SUBCOMMAND} (default subcommand {@code distance}): {@code distance} gives the relative
   * distances {@code ‖w* − w0‖_q / ‖w0‖_q}, q = 1, 2, ∞ (App. A.7, Table 6), {@code taylor} the
   * second-order Taylor gap of eq. (17) per perturbation ratio p with Hessian-vector products
   * (eq. 18; App. A.8, Figure 11), e.g. {@code appendix("taylor --task mrpc --repeats 3")}.
   */
  public static Displayable appendix(String... args) {
    return call("appendix", OneLiners.tokens(args));
  }

  /**
   * Runs a helper (by Java or magic name), displays its result in the running kernel and returns
   * it; the magics call this too. Bad arguments throw a {@link HelperException} whose one-line
   * message names the argument and the accepted values.
   */
  public static Displayable call(String helper, List<String> tokens) {
    Displayable r;
    try {
      r = OneLiners.run(helper, tokens);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage().replace('\n', ' ').replace('\r', ' ').trim();
      throw new HelperException(msg + " (see help(\"" + OneLiners.helper(known(helper)).name()
          + "\"))");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(helper + ": " + e.getMessage(), e);
    }
    show(r);
    return r;
  }

  private static String known(String helper) {
    try {
      return OneLiners.helper(helper).name();
    } catch (IllegalArgumentException e) {
      return "ntk";
    }
  }

  /** Displays an object in whichever kernel is running (nothing outside a kernel). */
  static void show(Object o) {
    boolean shown = false;
    if (RapaioSupport.insideKernel()) {
      org.rapaio.jupyter.kernel.global.Global.display(o);
      JustShown.mark(o);
      RapaioSupport.afterCell(() -> JustShown.clear(o));
      return;
    } else if (IJavaSupport.kernel() != null) {
      var k = IJavaSupport.kernel();
      k.display(k.getRenderer().render(o));
      shown = true;
    } else if (JJavaExtension.kernel() != null) {
      var k = JJavaExtension.kernel();
      k.display(k.getRenderer().render(o));
      shown = true;
    }
    if (shown) {
      JustShown.mark(o);
    }
  }

  /** The options of one helper (those of its {@code ./ftlab} command) and its notebook defaults. */
  public static String help(String helper) {
    try {
      for (Experiment<?, ?> e : Experiments.all()) {
        if (e.name().equals(helper)) {
          return experimentHelp(e);
        }
      }
      return OneLiners.usage(helper);
    } catch (IllegalArgumentException e) {
      throw new HelperException(e.getMessage());
    }
  }

  private static <O extends Record> String experimentHelp(Experiment<O, ?> e) {
    RunMode mode = RunMode.current();
    return "run(\"" + e.name() + "\", \"--option value ...\") / %ftlab " + e.name() + " ...: "
        + e.summary() + (e.claimIds().isEmpty() ? "" : "\nclaims: " + String.join(", ",
        e.claimIds())) + (e.notebook().isEmpty() ? "" : "\nnotebook: " + e.notebook())
        + "\n\noptions (defaults of " + mode.label() + " mode; --mode quick|standard|full "
        + "picks another size):\n" + OptionsBinder.of(e.optionsType()).help(e.defaults(mode));
  }

  /** Lists the helpers available in a notebook, each with a one-line example. */
  public static HelpText help() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"help()", "this list; help(\"ntk\") lists one helper's options",
        "help(\"earlyStop\")"});
    for (OneLiners.Helper h : OneLiners.helpers()) {
      rows.add(new String[] {h.name() + "(\"--opt value ...\")", h.summary()
          + "; shows and returns the result", h.example()});
    }
    for (Experiment<?, ?> e : Experiments.all()) {
      rows.add(new String[] {"run(\"" + e.name() + "\", \"...\")", e.summary()
          + (e.claimIds().isEmpty() ? "" : " [claims " + String.join(", ", e.claimIds()) + "]"),
          "help(\"" + e.name() + "\")"});
    }
    StringBuilder magics = new StringBuilder();
    for (OneLiners.Helper h : OneLiners.helpers()) {
      magics.append(magics.length() == 0 ? "" : ", ").append('%').append(h.magic());
    }
    rows.add(new String[] {magics.toString(), "the same helpers as line magics, same arguments: "
        + "IJava after Ftlab.install(), JJava automatically. The ftlab kernel (Rapaio 3.0.1) has "
        + "a fixed set of magics and no way to add one: use the functions above there",
        "%ntk --data rte --n 50"});
    rows.add(new String[] {"svg(chart)", "show an XChart chart as SVG instead of PNG",
        "svg(Plots.xy(\"t\", \"x\", \"y\"))"});
    rows.add(new String[] {"Ftlab.install()", "enable inline rendering in IJava/JJava",
        "Ftlab.install()"});
    return new HelpText(rows);
  }

  static boolean classPresent(String name) {
    try {
      Class.forName(name, false, Ftlab.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
