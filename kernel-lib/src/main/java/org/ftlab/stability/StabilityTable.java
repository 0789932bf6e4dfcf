package org.ftlab.stability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import java.awt.Color;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A methods × tasks table of "mean ± std over seeds" in the form of paper 2's Tables 2–4: each
 * non-FineTune cell states its change of std against FineTune (Δσ) and is shaded green when its
 * standard deviation is below FineTune's on the same task and red when above, deeper for a larger
 * change (relative to the largest change in the table), as the paper colours its tables; an AVG
 * column holds the mean of the means ± the mean of the stds (the paper's AVG). With
 * {@link Builder#optPaper(PaperTable)} each cell also shows the published value with the paper's
 * own shading and Δσ. A run is marked <i>diverged</i> when one of its seeds produced a non-finite
 * score, head or masked-LM loss (then its std is meaningless and it is left out of the colour
 * scale).
 *
 * <pre>{@code
 * StabilityTable t = StabilityTable.builder().setCaption("Table 2 on CB and WSC")
 *     .addResult(cbFineTune).addResult(wscFineTune).addResult(cbMmr).addResult(wscMmr)
 *     .optPaper(PaperTable.TABLE2_FULL).build();
 * display(t);   // HTML
 * }</pre>
 */
public final class StabilityTable implements Displayable {

  /**
   * One cell: mean and std (points) of a method on a task, and the per-seed scores when known
   * (empty otherwise).
   */
  public record Cell(double mean, double std, boolean diverged, double[] scores) {}

  private final String caption;
  private final List<String> tasks;
  private final Map<String, String> metrics;
  private final Map<StabilityMethod, Map<String, Cell>> cells;
  private final PaperTable paper;

  private StabilityTable(Builder b) {
    this.caption = b.caption;
    this.tasks = List.copyOf(b.tasks);
    this.metrics = Map.copyOf(b.metrics);
    this.cells = new LinkedHashMap<>(b.cells);
    this.paper = b.paper;
  }

  /** A builder: {@link Builder#setCaption}, then cells, optionally the paper's table. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether a run diverged: a non-finite score, head distance or masked-LM loss in any seed (e.g.
   * NaN features give constant predictions and a meaningless std of 0).
   */
  public static boolean diverged(GlueStabilityResult r) {
    return Arrays.stream(r.scores()).anyMatch(v -> !Double.isFinite(v))
        || Arrays.stream(r.headDistances()).anyMatch(v -> !Double.isFinite(v))
        || Arrays.stream(r.surtLoss()).anyMatch(v -> !Double.isFinite(v));
  }

  /** The tasks (columns), in the order given. */
  public List<String> tasks() {
    return tasks;
  }

  /** The methods (rows), in {@link StabilityMethod} order. */
  public List<StabilityMethod> methods() {
    return List.copyOf(cells.keySet());
  }

  /** Our cell of a method on a task. */
  public Cell cell(StabilityMethod m, String task) {
    Cell c = cells.getOrDefault(m, Map.of()).get(task);
    if (c == null) {
      throw new IllegalArgumentException("no cell for method " + m.cliName() + " on task " + task);
    }
    return c;
  }

  /** Mean over this table's tasks of a method's std (NaN when a run diverged). */
  public double averageStd(StabilityMethod m) {
    return tasks.stream().mapToDouble(t -> cell(m, t).diverged() ? Double.NaN : cell(m, t).std())
        .average().orElse(Double.NaN);
  }

  /** The paper's mean std of a method over this table's tasks (NaN without a paper table). */
  public double paperAverageStd(StabilityMethod m) {
    if (paper == null) {
      return Double.NaN;
    }
    return tasks.stream().mapToDouble(t -> paper.std(m, t)).average().orElse(Double.NaN);
  }

  /**
   * The shading of a std change {@code delta} (cell std − FineTune std) on a scale of the largest
   * change: green below, red above, opacity 0.12–0.62 growing with |delta|/scale; "" for none.
   */
  static String shade(double delta, double scale) {
    if (!Double.isFinite(delta) || delta == 0 || !(scale > 0)) {
      return "";
    }
    double a = 0.12 + 0.5 * Math.min(1, Math.abs(delta) / scale);
    return String.format(Locale.ROOT, "background:rgba(%s,%.2f)", delta < 0 ? "0,170,0" : "220,0,0",
        a);
  }

  /** The change of std against FineTune as the paper's tables imply it: " (Δσ −0.42)", small. */
  static String deltaSigma(double delta) {
    return String.format(Locale.ROOT, " <span style=\"font-size:80%%\">(Δσ %+.2f)</span>", delta);
  }

  @Override
  public String summaryText() {
    StringBuilder sb = new StringBuilder(caption).append('\n');
    sb.append(String.format(Locale.ROOT, "%-9s", "method"));
    for (String t : tasks) {
      sb.append(String.format(Locale.ROOT, " %16s", t));
    }
    sb.append('\n');
    for (StabilityMethod m : cells.keySet()) {
      sb.append(String.format(Locale.ROOT, "%-9s", m.cliName()));
      for (String t : tasks) {
        Cell c = cell(m, t);
        sb.append(String.format(Locale.ROOT, " %16s", c.diverged() ? "diverged"
            : String.format(Locale.ROOT, "%.2f ± %.2f", c.mean(), c.std())));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return summaryText();
  }

  @Override
  public String summaryHtml() {
    Map<String, Cell> ft = cells.get(StabilityMethod.FINETUNE);
    double scale = 0;
    double pscale = 0;
    for (StabilityMethod m : cells.keySet()) {
      for (String t : tasks) {
        Cell c = cell(m, t);
        if (ft != null && !c.diverged() && !ft.get(t).diverged()) {
          scale = Math.max(scale, Math.abs(c.std() - ft.get(t).std()));
        }
        if (paper != null) {
          pscale = Math.max(pscale, Math.abs(paper.std(m, t)
              - paper.std(StabilityMethod.FINETUNE, t)));
        }
      }
    }
    StringBuilder sb = new StringBuilder("<table><caption style=\"caption-side:top;text-align:left\">"
        + "<b>" + esc(caption) + "</b></caption><tr><th>method</th>");
    for (String t : tasks) {
      sb.append("<th>").append(esc(t.toUpperCase(Locale.ROOT)));
      String metric = metrics.get(t);
      if (metric != null) {
        sb.append(" (").append(esc(metric)).append(')');
      }
      sb.append("</th>");
    }
    sb.append("<th>AVG</th></tr>");
    for (StabilityMethod m : cells.keySet()) {
      sb.append("<tr><td>").append(m.cliName()).append("</td>");
      double sm = 0;
      double ss = 0;
      double pm = 0;
      double ps = 0;
      boolean anyDiverged = false;
      for (String t : tasks) {
        Cell c = cell(m, t);
        sm += c.mean();
        ss += c.std();
        anyDiverged |= c.diverged();
        String style = m == StabilityMethod.FINETUNE || ft == null || c.diverged()
            || ft.get(t).diverged() ? "" : shade(c.std() - ft.get(t).std(), scale);
        String ours = c.diverged()
            ? String.format(Locale.ROOT, "<i>diverged (NaN)</i>: %.2f ± %.2f", c.mean(), c.std())
            : String.format(Locale.ROOT, "%.2f ± %.2f", c.mean(), c.std())
                + (m == StabilityMethod.FINETUNE || ft == null || ft.get(t).diverged() ? ""
                    : deltaSigma(c.std() - ft.get(t).std()));
        sb.append("<td style=\"").append(style).append("\">").append(ours);
        if (paper != null) {
          double pmean = paper.mean(m, t);
          double pstd = paper.std(m, t);
          pm += pmean;
          ps += pstd;
          String pstyle = m == StabilityMethod.FINETUNE ? ""
              : shade(pstd - paper.std(StabilityMethod.FINETUNE, t), pscale);
          sb.append(String.format(Locale.ROOT, "<br><span style=\"color:#777;font-size:85%%;%s\">"
              + "paper %.2f ± %.2f%s</span>", pstyle, pmean, pstd, m == StabilityMethod.FINETUNE ? ""
                  : deltaSigma(pstd - paper.std(StabilityMethod.FINETUNE, t))));
        }
        sb.append("</td>");
      }
      int k = tasks.size();
      sb.append(String.format(Locale.ROOT, "<td>%s%.2f ± %.2f", anyDiverged ? "<i>(diverged)</i> " : "",
          sm / k, ss / k));
      if (paper != null) {
        sb.append(String.format(Locale.ROOT,
            "<br><span style=\"color:#777;font-size:85%%\">paper %.2f ± %.2f</span>", pm / k, ps / k));
      }
      sb.append("</td></tr>");
    }
    return sb.append("</table>").toString();
  }

  /**
   * With per-seed scores (cells from {@link Builder#addResult}): a strip chart of every seed's score
   * per method, one colour per task, as the paper's Appendix A.6 shows the spread of Table 2 with
   * violin plots; none otherwise.
   */
  @Override
  public List<Chart<?, ?>> charts() {
    boolean any = cells.values().stream().flatMap(m -> m.values().stream())
        .anyMatch(c -> c.scores().length > 0);
    if (!any) {
      return List.of();
    }
    int colon = caption.indexOf(':');
    String title = colon > 0 ? caption.substring(0, colon) : caption;
    return List.of(stripChart(title, methods(), tasks, metrics,
        (m, t) -> cell(m, t).scores()));
  }

  /**
   * The strip chart of {@link #charts()}: x = method, one point per seed (seeds side by side
   * within a method), one colour per task; non-finite scores are left out.
   */
  static CategoryChart stripChart(String caption, List<StabilityMethod> rows, List<String> tasks,
      Map<String, String> metrics,
      java.util.function.BiFunction<StabilityMethod, String, double[]> scores) {
    CategoryChart chart = Plots.categoryPoints(caption + ": the score of every seed",
        "method (points: seeds)", "test score (%, task metric)");
    List<String> names = rows.stream().map(StabilityMethod::cliName).toList();
    Color[] colours = chart.getStyler().getSeriesColors();
    for (int j = 0; j < tasks.size(); j++) {
      String t = tasks.get(j);
      int seeds = rows.stream().mapToInt(m -> scores.apply(m, t).length).max().orElse(0);
      String metric = metrics.get(t);
      String label = t + (metric == null ? "" : " (" + metric + ")");
      for (int k = 0; k < seeds; k++) {
        List<Double> y = new ArrayList<>();
        boolean any = false;
        for (StabilityMethod m : rows) {
          double[] v = scores.apply(m, t);
          boolean ok = k < v.length && Double.isFinite(v[k]);
          y.add(ok ? v[k] : null);
          any |= ok;
        }
        if (!any) {
          continue;
        }
        CategorySeries s = chart.addSeries(k == 0 ? label : label + " seed " + k, names, y);
        s.setShowInLegend(k == 0);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(colours[j % colours.length]);
      }
    }
    return chart;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Builder: required {@link #setCaption}; cells via {@link #addResult} or {@link #addCell}. */
  public static final class Builder {
    private String caption;
    private final List<String> tasks = new ArrayList<>();
    private final Map<String, String> metrics = new LinkedHashMap<>();
    private final Map<StabilityMethod, Map<String, Cell>> cells = new LinkedHashMap<>();
    private PaperTable paper;

    private Builder() {}

    /** @param caption the table's caption (required) */
    public Builder setCaption(String caption) {
      this.caption = caption;
      return this;
    }

    /** Adds the cell of one {@link GlueStability} run (its method, task and metric name). */
    public Builder addResult(GlueStabilityResult r) {
      metrics.putIfAbsent(r.task(), r.metricName());
      return add(r.method(), r.task(), new Cell(r.mean(), r.std(), diverged(r), r.scores()));
    }

    /** Adds a cell by value; tasks become columns in the order they first appear. */
    public Builder addCell(StabilityMethod m, String task, double mean, double std,
        boolean diverged) {
      return add(m, task, new Cell(mean, std, diverged, new double[0]));
    }

    private Builder add(StabilityMethod m, String task, Cell cell) {
      if (m == null || task == null) {
        throw new IllegalArgumentException("cell: method and task are required");
      }
      String t = task.toLowerCase(Locale.ROOT);
      if (!tasks.contains(t)) {
        tasks.add(t);
      }
      cells.computeIfAbsent(m, k -> new LinkedHashMap<>());
      if (cells.get(m).put(t, cell) != null) {
        throw new IllegalArgumentException("cell: " + m.cliName() + " on " + t + " added twice");
      }
      return this;
    }

    /** @param table the paper's table to show beside ours (each task must be one of its columns) */
    public Builder optPaper(PaperTable table) {
      this.paper = table;
      return this;
    }

    /** Validates: a caption, a FineTune row, and every method has every task. */
    public StabilityTable build() {
      if (caption == null || caption.isBlank()) {
        throw new IllegalArgumentException("caption: required (setCaption)");
      }
      if (cells.isEmpty()) {
        throw new IllegalArgumentException("cells: none added (addResult or addCell)");
      }
      for (Map.Entry<StabilityMethod, Map<String, Cell>> e : cells.entrySet()) {
        for (String t : tasks) {
          if (!e.getValue().containsKey(t)) {
            throw new IllegalArgumentException("cells: " + e.getKey().cliName() + " has no cell for "
                + t + " (every method needs every task)");
          }
        }
      }
      if (paper != null) {
        for (String t : tasks) {
          if (!paper.hasTask(t)) {
            throw new IllegalArgumentException("task: '" + t + "' is not a column of "
                + paper.caption() + " (columns: " + String.join(", ", paper.tasks()) + ")");
          }
        }
      }
      Map<StabilityMethod, Map<String, Cell>> ordered = new LinkedHashMap<>();
      for (StabilityMethod m : StabilityMethod.values()) {
        if (cells.containsKey(m)) {
          ordered.put(m, cells.get(m));
        }
      }
      cells.clear();
      cells.putAll(ordered);
      return new StabilityTable(this);
    }
  }
}
