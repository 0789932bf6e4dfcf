package org.ftlab.plot;

import java.awt.Color;
import java.util.Arrays;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds the charts ftlab draws, in one consistent style: labelled axes, the legend outside the
 * plot area, white background. Building is separate from displaying (as in XChart): these methods
 * return charts; {@link ChartImages} encodes them and the notebook integration shows them.
 */
public final class Plots {
  /** Default chart size in pixels. */
  public static final int WIDTH = 720;
  /** Default chart size in pixels. */
  public static final int HEIGHT = 420;

  private Plots() {}

  /** An empty XY chart with a title and labelled axes (include units in the labels). */
  public static XYChart xy(String title, String xLabel, String yLabel) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    style(c.getStyler());
    c.getStyler().setMarkerSize(5);
    return c;
  }

  /** An XY chart with both axes logarithmic (XChart labels whole decades only). */
  public static XYChart logLog(String title, String xLabel, String yLabel) {
    XYChart c = xy(title, xLabel, yLabel);
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisLogarithmic(true);
    return c;
  }

  /** Adds a line with markers. Lengths must match. */
  public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
    checkLengths(name, x, y);
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.NONE);
    return s;
  }

  /** Adds points without a connecting line. Lengths must match. */
  public static XYSeries points(XYChart chart, String name, double[] x, double[] y) {
    checkLengths(name, x, y);
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    return s;
  }

  /** Adds a line with error bars (e.g. mean ± sd over seeds). */
  public static XYSeries lineWithErrors(XYChart chart, String name, double[] x, double[] y,
      double[] err) {
    checkLengths(name, x, y);
    checkLengths(name, x, err);
    XYSeries s = chart.addSeries(name, x, y, err);
    s.setMarker(SeriesMarkers.CIRCLE);
    return s;
  }

  /**
   * A heat map of a matrix (row i, column j). Values are shown through XChart's colour range from
   * the minimum to the maximum entry.
   */
  public static HeatMapChart heatmap(String title, double[][] m, String rowLabel,
      String colLabel) {
    if (m == null || m.length == 0 || m[0].length == 0) {
      throw new IllegalArgumentException("heatmap '" + title + "': matrix is empty");
    }
    int rows = m.length;
    int cols = m[0].length;
    HeatMapChart c = new HeatMapChartBuilder().width(Math.min(WIDTH, 560)).height(HEIGHT + 40)
        .title(title).xAxisTitle(colLabel).yAxisTitle(rowLabel).build();
    style(c.getStyler());
    c.getStyler().setShowValue(rows * cols <= 100);
    // legend and cell values with 3 significant digits instead of a full double
    c.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(java.util.Locale.ROOT, "%.3g", v));
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setXAxisLabelRotation(rows > 12 ? 90 : 0);
    c.getStyler().setRangeColors(new Color[] {new Color(0x2c7bb6), new Color(0xffffbf),
        new Color(0xd7191c)});
    Integer[] xs = new Integer[cols];
    Integer[] ys = new Integer[rows];
    for (int j = 0; j < cols; j++) {
      xs[j] = j;
    }
    for (int i = 0; i < rows; i++) {
      ys[i] = i;
      if (m[i].length != cols) {
        throw new IllegalArgumentException("heatmap '" + title + "': row " + i + " has "
            + m[i].length + " entries, expected " + cols);
      }
    }
    java.util.List<Number[]> cells = new java.util.ArrayList<>(rows * cols);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        cells.add(new Number[] {j, i, threeDigits(m[i][j])});
      }
    }
    c.addSeries(title, Arrays.asList(xs), Arrays.asList(ys), cells);
    return c;
  }

  /** A heat map with named rows and columns (e.g. tasks in a cosine-similarity matrix). */
  public static HeatMapChart heatmap(String title, double[][] m, java.util.List<String> names) {
    if (names.size() != m.length) {
      throw new IllegalArgumentException("heatmap '" + title + "': " + names.size()
          + " names for a " + m.length + "-row matrix");
    }
    HeatMapChart c = heatmap(title, m, "", "");
    java.util.List<Number[]> cells = new java.util.ArrayList<>();
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m.length; j++) {
        cells.add(new Number[] {j, i, m[i][j]});
      }
    }
    c.updateSeries(title, names, names, cells);
    c.getStyler().setShowValue(true);
    c.getStyler().setXAxisLabelRotation(0);
    return c;
  }

  /**
   * Rounds to 3 significant digits: the colour scale cannot show more, and XChart prints the
   * legend's end values with {@code Double.toString}.
   */
  static double threeDigits(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v;
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setLegendBorderColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setAntiAlias(true);
  }

  private static void checkLengths(String name, double[] x, double[] y) {
    if (x == null || y == null) {
      throw new IllegalArgumentException("series '" + name + "': x and y must not be null");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "': x has " + x.length
          + " values but y has " + y.length);
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("series '" + name + "': no points");
    }
  }
}
