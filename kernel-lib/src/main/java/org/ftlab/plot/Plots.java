package org.ftlab.plot;

import java.awt.Color;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
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

  /**
   * An empty category chart drawn as points (scatter), series side by side within a category:
   * e.g. one point per seed and method. The legend goes below the plot: XChart 4.0.3 drops every
   * other category label when they do not fit, and a legend on the side took the room for six.
   */
  public static CategoryChart categoryPoints(String title, String xLabel, String yLabel) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    style(c.getStyler());
    c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    c.getStyler().setOverlapped(false);
    c.getStyler().setMarkerSize(6);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
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
    int cols = checkMatrix(title, m);
    java.util.List<Integer> xs = new java.util.ArrayList<>();
    java.util.List<Integer> ys = new java.util.ArrayList<>();
    for (int j = 0; j < cols; j++) {
      xs.add(j);
    }
    for (int i = 0; i < m.length; i++) {
      ys.add(i);
    }
    HeatMapChart c = heatmapChart(title, m.length, cols, rowLabel, colLabel);
    c.addSeries(title, xs, ys, cells(m));
    return c;
  }

  /** A heat map of a square matrix with named rows and columns (e.g. tasks in a cosine matrix). */
  public static HeatMapChart heatmap(String title, double[][] m, java.util.List<String> names) {
    int cols = checkMatrix(title, m);
    if (names.size() != m.length || cols != m.length) {
      throw new IllegalArgumentException("heatmap '" + title + "': " + names.size()
          + " names for a " + m.length + " x " + cols + " matrix (must be square, one name a row)");
    }
    HeatMapChart c = heatmapChart(title, m.length, cols, "", "");
    c.getStyler().setShowValue(true);
    c.addSeries(title, names, names, cells(m));
    return c;
  }

  private static int checkMatrix(String title, double[][] m) {
    if (m == null || m.length == 0 || m[0].length == 0) {
      throw new IllegalArgumentException("heatmap '" + title + "': matrix is empty");
    }
    for (int i = 0; i < m.length; i++) {
      if (m[i].length != m[0].length) {
        throw new IllegalArgumentException("heatmap '" + title + "': row " + i + " has "
            + m[i].length + " entries, expected " + m[0].length);
      }
    }
    return m[0].length;
  }

  private static java.util.List<Number[]> cells(double[][] m) {
    java.util.List<Number[]> cells = new java.util.ArrayList<>();
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        cells.add(new Number[] {j, i, threeDigits(m[i][j])});
      }
    }
    return cells;
  }

  private static HeatMapChart heatmapChart(String title, int rows, int cols, String rowLabel,
      String colLabel) {
    HeatMapChart c = new HeatMapChartBuilder().width(Math.min(WIDTH, 560)).height(HEIGHT + 40)
        .title(title).xAxisTitle(colLabel).yAxisTitle(rowLabel).build();
    style(c.getStyler());
    c.getStyler().setShowValue(rows * cols <= 100);
    // legend and cell values with 3 significant digits instead of a full double
    c.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(java.util.Locale.ROOT, "%.3g", v));
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setXAxisLabelRotation(cols > 12 ? 90 : 0);
    c.getStyler().setRangeColors(new Color[] {new Color(0x2c7bb6), new Color(0xffffbf),
        new Color(0xd7191c)});
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
