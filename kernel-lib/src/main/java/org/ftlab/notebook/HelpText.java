package org.ftlab.notebook;

import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import java.util.List;

/** The list of notebook helpers; renders as an HTML table, prints as aligned text. */
public final class HelpText implements Displayable {
  private final List<String[]> rows;

  HelpText(List<String[]> rows) {
    this.rows = List.copyOf(rows);
  }

  @Override
  public String summaryText() {
    StringBuilder sb = new StringBuilder("ftlab notebook helpers:\n");
    for (String[] r : rows) {
      sb.append(String.format("  %-22s %s   e.g. %s%n", r[0], r[1], r[2]));
    }
    return sb.toString();
  }

  @Override
  public String summaryHtml() {
    StringBuilder sb = new StringBuilder("<table><caption style=\"caption-side:top;"
        + "text-align:left;font-weight:bold\">ftlab notebook helpers</caption>"
        + "<tr><th>helper</th><th>what it does</th><th>example</th></tr>");
    for (String[] r : rows) {
      sb.append("<tr><td><code>").append(MimeBundle.escape(r[0])).append("</code></td><td>")
          .append(MimeBundle.escape(r[1])).append("</td><td><code>")
          .append(MimeBundle.escape(r[2])).append("</code></td></tr>");
    }
    return sb.append("</table>").toString();
  }

  @Override
  public List<org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts() {
    return List.of();
  }

  @Override
  public String toString() {
    return summaryText();
  }
}
