package org.ftlab.claims;

import java.util.ArrayList;
import java.util.List;
import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Claims shown as a notebook table, one row each: id, where in the paper, the paper's statement
 * and number, ours with its interval, the test, the verdict (coloured) and why. A notebook ends
 * with {@code display(result.claims())}; the ledger uses the same rows.
 */
public final class ClaimList implements Displayable {
  private final List<Claim> claims;

  /** A list to show. */
  public ClaimList(List<Claim> claims) {
    this.claims = claims == null ? List.of() : List.copyOf(claims);
  }

  /** The claims. */
  public List<Claim> claims() {
    return claims;
  }

  /** The claim with this id. */
  public Claim get(String id) {
    return claims.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("no claim " + id + " here (have: " + String.join(", ",
            claims.stream().map(Claim::id).toList()) + ")"));
  }

  @Override
  public String summaryText() {
    if (claims.isEmpty()) {
      return "no claims (a computation, not a reproduction of a paper's claim)";
    }
    StringBuilder sb = new StringBuilder();
    for (Claim c : claims) {
      sb.append(c.id()).append(" [").append(c.verdict().label()).append("] ")
          .append(c.statement()).append(" | paper: ").append(c.paper()).append(" | ours: ")
          .append(c.oursText()).append(" (").append(c.test()).append(") | ").append(c.reason())
          .append('\n');
    }
    return sb.toString();
  }

  @Override
  public String summaryHtml() {
    if (claims.isEmpty()) {
      return "<p>" + HtmlTable.escape(summaryText()) + "</p>";
    }
    StringBuilder sb = new StringBuilder("<table class=\"ftlab-claims\"><thead><tr>");
    for (String h : new String[] {"claim", "paper says", "ours", "verdict", "why"}) {
      sb.append("<th style=\"text-align:left\">").append(h).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    for (Claim c : claims) {
      sb.append("<tr><td style=\"text-align:left;vertical-align:top\"><b>")
          .append(HtmlTable.escape(c.id())).append("</b><br/>")
          .append(HtmlTable.escape(c.source())).append("</td>");
      sb.append("<td style=\"text-align:left;vertical-align:top\">")
          .append(HtmlTable.escape(c.statement())).append("<br/><i>")
          .append(HtmlTable.escape(c.paper())).append("</i></td>");
      sb.append("<td style=\"text-align:left;vertical-align:top\">")
          .append(HtmlTable.escape(c.quantity())).append(":<br/>")
          .append(HtmlTable.escape(c.oursText())).append("<br/><small>")
          .append(HtmlTable.escape(c.test())).append("</small></td>");
      sb.append("<td style=\"text-align:left;vertical-align:top;font-weight:bold;color:")
          .append(c.verdict().ink()).append(";background:").append(c.verdict().background())
          .append("\">").append(HtmlTable.escape(c.verdict().label())).append("</td>");
      sb.append("<td style=\"text-align:left;vertical-align:top\">")
          .append(HtmlTable.escape(c.reason()));
      if (!c.differs().isEmpty()) {
        sb.append("<br/><small>Set-up differs: ").append(HtmlTable.escape(c.differs()))
            .append("</small>");
      }
      sb.append("</td></tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  @Override
  public List<Chart<?, ?>> charts() {
    return new ArrayList<>();
  }

  @Override
  public String toString() {
    return summaryText();
  }
}
