package org.ftlab.stability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import org.ftlab.plot.Plots;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Relative distances {@code ‖w* − w0‖_q / ‖w0‖_q} between pretrained and fine-tuned parameters
 * (paper 2, Fu et al., App. A.7, Table 6), per parameter group and overall.
 *
 * @param groups one row per group, in the order the groups first appear
 * @param overall the same over all parameters together
 */
public record ParameterDistanceResult(List<Row> groups, Row overall) implements Displayable {

  /**
   * Distances of one group.
   *
   * @param group group label
   * @param count scalar parameters in the group
   * @param relative1 {@code ‖w* − w0‖₁ / ‖w0‖₁}
   * @param relative2 {@code ‖w* − w0‖₂ / ‖w0‖₂}
   * @param relativeInf {@code ‖w* − w0‖∞ / ‖w0‖∞}
   */
  public record Row(String group, long count, double relative1, double relative2,
      double relativeInf) {}

  /** @return the group rows followed by the overall row */
  public List<Row> rows() {
    List<Row> all = new ArrayList<>(groups);
    all.add(overall);
    return all;
  }

  @Override
  public String summaryText() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "Relative distance ||w*-w0||/||w0|| (Fu et al. A.7)%n%-14s %12s %11s %11s %11s%n",
        "group", "parameters", "1-norm", "2-norm", "inf-norm"));
    for (Row r : rows()) {
      sb.append(String.format(Locale.ROOT, "%-14s %12d %11.4e %11.4e %11.4e%n", r.group, r.count,
          r.relative1, r.relative2, r.relativeInf));
    }
    return sb.toString();
  }

  @Override
  public String summaryHtml() {
    List<String[]> cells = new ArrayList<>();
    for (Row r : rows()) {
      cells.add(new String[] {r.group, String.valueOf(r.count), HtmlTable.num(r.relative1),
          HtmlTable.num(r.relative2), HtmlTable.num(r.relativeInf)});
    }
    return HtmlTable.of("Relative distance ‖w* − w0‖ / ‖w0‖ (Fu et al. A.7)",
        new String[] {"group", "parameters", "1-norm", "2-norm", "∞-norm"}, cells);
  }

  /**
   * One chart: the three relative distances per group, markers on a log scale (XChart's bars
   * cannot be drawn on a log axis), the axis spanning whole decades. Groups with all three
   * distances exactly zero (not trained) are left out; if every group is zero, all are drawn at
   * 1e-12.
   */
  @Override
  public List<Chart<?, ?>> charts() {
    List<Row> shown = new ArrayList<>();
    for (Row r : rows()) {
      if (r.relative1 > 0 || r.relative2 > 0 || r.relativeInf > 0) {
        shown.add(r);
      }
    }
    if (shown.isEmpty()) {
      shown = rows();
    }
    CategoryChart c = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
        .title("Relative distance between w0 and w* (Fu et al. A.7)")
        .xAxisTitle("parameter group" + (shown.size() < rows().size() ? " (untrained groups omitted)" : ""))
        .yAxisTitle("‖w* − w0‖ / ‖w0‖").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    List<String> names = new ArrayList<>();
    List<Double> r1 = new ArrayList<>();
    List<Double> r2 = new ArrayList<>();
    List<Double> ri = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (Row r : shown) {
      names.add(r.group);
      for (double v : new double[] {floor(r.relative1), floor(r.relative2), floor(r.relativeInf)}) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      r1.add(floor(r.relative1));
      r2.add(floor(r.relative2));
      ri.add(floor(r.relativeInf));
    }
    c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo))));
    c.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi) + 1e-9)));
    c.addSeries("1-norm", names, r1);
    c.addSeries("2-norm", names, r2);
    c.addSeries("∞-norm", names, ri);
    return List.of(c);
  }

  private static double floor(double v) {
    return Math.max(v, 1e-12);
  }

  /**
   * One JSON object: {@code groups} (one object per group: group, count, relative1, relative2,
   * relativeInf) and {@code overall} (the same over every parameter).
   */
  public String toJson() {
    List<org.ftlab.util.Json> gs = new ArrayList<>();
    for (Row r : groups) {
      gs.add(json(r));
    }
    return org.ftlab.util.Json.object().put("groups", gs).put("overall", json(overall))
        .toString();
  }

  private static org.ftlab.util.Json json(Row r) {
    return org.ftlab.util.Json.object().put("group", r.group).put("count", r.count)
        .put("relative1", r.relative1).put("relative2", r.relative2)
        .put("relativeInf", r.relativeInf);
  }

  @Override
  public String toString() {
    return summaryText();
  }
}
