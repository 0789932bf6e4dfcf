package org.ftlab.notebook;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A chart to be shown as SVG instead of PNG: {@code display(Ftlab.svg(chart))}.
 *
 * @param chart the chart
 */
public record SvgChart(Chart<?, ?> chart) {
  /** Validates the chart. */
  public SvgChart {
    if (chart == null) {
      throw new IllegalArgumentException("svg(chart): chart is null");
    }
  }
}
