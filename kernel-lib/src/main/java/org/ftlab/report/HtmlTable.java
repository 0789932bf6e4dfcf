package org.ftlab.report;

import java.util.List;

/** A small HTML table for {@link Displayable#summaryHtml()}: a caption, a header and rows. */
public final class HtmlTable {

  private HtmlTable() {}

  /**
   * Builds {@code <table>} markup; cell text is HTML-escaped.
   *
   * @param caption caption shown above the table (may be empty)
   * @param header column names
   * @param rows rows of cells, each as long as {@code header}
   * @return the HTML
   */
  public static String of(String caption, String[] header, List<String[]> rows) {
    StringBuilder sb = new StringBuilder("<table>");
    if (caption != null && !caption.isEmpty()) {
      sb.append("<caption style=\"caption-side:top;text-align:left\"><b>")
          .append(escape(caption)).append("</b></caption>");
    }
    sb.append("<tr>");
    for (String h : header) {
      sb.append("<th>").append(escape(h)).append("</th>");
    }
    sb.append("</tr>");
    for (String[] r : rows) {
      if (r.length != header.length) {
        throw new IllegalArgumentException(
            "rows: a row has " + r.length + " cells, header has " + header.length);
      }
      sb.append("<tr>");
      for (String c : r) {
        sb.append("<td>").append(escape(c)).append("</td>");
      }
      sb.append("</tr>");
    }
    return sb.append("</table>").toString();
  }

  /** Appends one {@code <tr><td>key</td><td>value</td></tr>} row, both escaped, to a summary table. */
  public static void row(StringBuilder sb, String key, String value) {
    sb.append("<tr><td>").append(escape(key)).append("</td><td>").append(escape(value))
        .append("</td></tr>");
  }

  /** A number with 4 significant digits ({@code %.4g}). */
  public static String num(double v) {
    return String.format("%.4g", v);
  }

  /** Escapes text for HTML ({@code < > & "}); null gives "". */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}
