package org.ftlab.notebook;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The notebook facade: the {@code ftlab} kernel's startup script imports its static methods, so a
 * cell can call {@code help()}, {@code svg(chart)} and (as later issues add them) the one-line
 * helpers. Outside the bundled kernel, call {@link #install()} once in the first cell.
 */
public final class Ftlab {
  private static volatile String installedIn;

  private Ftlab() {}

  /**
   * Makes ftlab's charts, tables and results render inline in the running Java kernel:
   * <ul>
   *   <li>Rapaio kernel: renderers come through its display SPI (nothing else needed);
   *   <li>IJava: registers renderers with {@code IJava.getKernelInstance().getRenderer()};
   *   <li>JJava: its extension service installs ftlab automatically; calling this is harmless.
   * </ul>
   *
   * @return which kernel was found ("rapaio", "ijava", "jjava" or "none")
   */
  public static synchronized String install() {
    if (installedIn != null) {
      return installedIn;
    }
    String found = "none";
    if (RapaioSupport.insideKernel()) {
      // nothing to do: the kernel's display SPI already found RapaioDisplayProvider (refreshing
      // it from a cell could rebuild it with the cell thread's class loader)
      found = "rapaio";
    } else if (IJavaSupport.kernel() != null) {
      IJavaSupport.registerRenderers(IJavaSupport.kernel().getRenderer());
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

  /** Lists the helpers available in a notebook, each with a one-line example. */
  public static HelpText help() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"help()", "this list", "help()"});
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
