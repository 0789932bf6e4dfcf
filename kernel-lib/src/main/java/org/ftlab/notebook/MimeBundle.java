package org.ftlab.notebook;

import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ftlab.plot.ChartImages;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * The one place that turns ftlab's objects into Jupyter MIME bundles ({@code mime type -> data}).
 * The adapters for the Rapaio, IJava and JJava kernels only copy these bundles into their own
 * display types, so all three kernels show the same thing.
 *
 * <ul>
 *   <li>XChart charts: {@code image/png} (base64) and {@code text/plain};
 *   <li>{@link SvgChart}: {@code image/svg+xml} and {@code text/plain};
 *   <li>Tablesaw tables: {@code text/html} and {@code text/plain};
 *   <li>{@link Displayable} results: {@code text/html} (summary plus the charts inline),
 *       {@code image/png} (the first chart) and {@code text/plain}.
 * </ul>
 */
public final class MimeBundle {
  /** Jupyter MIME type names used here. */
  public static final String PLAIN = "text/plain";
  /** HTML. */
  public static final String HTML = "text/html";
  /** PNG image, base64. */
  public static final String PNG = "image/png";
  /** SVG image. */
  public static final String SVG = "image/svg+xml";

  /** Tables longer than this show their first and last rows and say how many are hidden. */
  public static final int MAX_TABLE_ROWS = 40;

  private MimeBundle() {}

  /** True if {@link #of(Object)} gives something richer than plain text for this object. */
  public static boolean supports(Object o) {
    return o instanceof Chart<?, ?> || o instanceof SvgChart || o instanceof Table
        || o instanceof Displayable;
  }

  /** The classes the kernel adapters register renderers for. */
  static final Class<?>[] RENDERED_TYPES = {Chart.class, SvgChart.class, Table.class,
      Displayable.class};

  /**
   * The MIME bundle of an object, ordered from richest to plainest. Unsupported objects give
   * {@code text/plain} of {@code String.valueOf(o)}.
   */
  public static Map<String, String> of(Object o) {
    Map<String, String> b = new LinkedHashMap<>();
    if (o instanceof Displayable d && JustShown.consume(o)) {
      // a helper displayed it a moment ago and it is now also the cell's value
      String first = d.summaryText().lines().findFirst().orElse("");
      b.put(PLAIN, "(shown above) " + first);
      return Collections.unmodifiableMap(b);
    }
    if (o instanceof Chart<?, ?> c) {
      b.put(PNG, ChartImages.pngBase64(c));
      b.put(PLAIN, chartText(c));
    } else if (o instanceof SvgChart s) {
      b.put(SVG, ChartImages.svg(s.chart()));
      b.put(PLAIN, chartText(s.chart()));
    } else if (o instanceof Table t) {
      b.put(HTML, tableHtml(t));
      b.put(PLAIN, t.printAll());
    } else if (o instanceof Displayable d) {
      StringBuilder html = new StringBuilder("<div class=\"ftlab-result\">");
      html.append(d.summaryHtml());
      String firstPng = null;
      for (Chart<?, ?> c : d.charts()) {
        String png = ChartImages.pngBase64(c);
        if (firstPng == null) {
          firstPng = png;
        }
        html.append("<div><img alt=\"").append(escape(c.getTitle()))
            .append("\" src=\"data:image/png;base64,").append(png).append("\"/></div>");
      }
      html.append("</div>");
      b.put(HTML, html.toString());
      if (firstPng != null) {
        b.put(PNG, firstPng);
      }
      b.put(PLAIN, d.summaryText());
    } else {
      b.put(PLAIN, String.valueOf(o));
    }
    return Collections.unmodifiableMap(b);
  }

  /** HTML of a Tablesaw table with a caption; long tables say how many rows are not shown. */
  public static String tableHtml(Table t) {
    StringBuilder sb = new StringBuilder();
    sb.append("<table class=\"ftlab-table\">");
    if (t.name() != null && !t.name().isBlank()) {
      sb.append("<caption style=\"caption-side:top;text-align:left;font-weight:bold\">")
          .append(escape(t.name())).append("</caption>");
    }
    sb.append("<thead><tr>");
    for (String col : t.columnNames()) {
      sb.append("<th>").append(escape(col)).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    int n = t.rowCount();
    int head = n <= MAX_TABLE_ROWS ? n : MAX_TABLE_ROWS / 2;
    int tail = n <= MAX_TABLE_ROWS ? 0 : MAX_TABLE_ROWS / 2;
    for (int r = 0; r < head; r++) {
      row(sb, t, r);
    }
    if (tail > 0) {
      sb.append("<tr><td colspan=\"").append(t.columnCount()).append("\"><i>… ")
          .append(n - head - tail).append(" more rows (")
          .append(n).append(" in all) …</i></td></tr>");
      for (int r = n - tail; r < n; r++) {
        row(sb, t, r);
      }
    }
    sb.append("</tbody></table>");
    return sb.toString();
  }

  private static void row(StringBuilder sb, Table t, int r) {
    sb.append("<tr>");
    for (int c = 0; c < t.columnCount(); c++) {
      var col = t.column(c);
      String cell = col instanceof tech.tablesaw.api.DoubleColumn d && !d.isMissing(r)
          ? number(d.getDouble(r)) : t.getString(r, c);
      sb.append("<td>").append(escape(cell)).append("</td>");
    }
    sb.append("</tr>");
  }

  /**
   * A double as a reader wants it in a table: whole numbers without decimals, others with 4
   * significant digits (the table's plain-text form keeps full precision).
   */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(java.util.Locale.ROOT, "%.4g", v);
    // drop trailing zeros of the mantissa: 0.5000 -> 0.5, 1.800e-15 -> 1.8e-15
    String mantissa = s;
    String exponent = "";
    int e = s.indexOf('e');
    if (e >= 0) {
      mantissa = s.substring(0, e);
      exponent = s.substring(e);
    }
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return mantissa + exponent;
  }

  private static String chartText(Chart<?, ?> c) {
    return c.getClass().getSimpleName() + " '" + c.getTitle() + "' (" + c.getWidth() + "x"
        + c.getHeight() + ")";
  }

  /** Escapes text for HTML (see {@link HtmlTable#escape}). */
  public static String escape(String s) {
    return HtmlTable.escape(s);
  }
}
