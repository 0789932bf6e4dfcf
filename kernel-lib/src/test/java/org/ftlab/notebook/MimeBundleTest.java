package org.ftlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ftlab.plot.Plots;
import org.ftlab.report.Displayable;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class MimeBundleTest {
  static XYChart chart() {
    XYChart c = Plots.xy("squares", "x", "x^2");
    Plots.line(c, "x^2", new double[] {1, 2, 3}, new double[] {1, 4, 9});
    return c;
  }

  static BufferedImage decodePng(String base64) throws Exception {
    byte[] bytes = Base64.getDecoder().decode(base64);
    assertEquals((byte) 0x89, bytes[0], "PNG signature byte 0");
    assertEquals('P', bytes[1], "PNG signature byte 1");
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void chartBecomesPngOfTheChartSize() throws Exception {
    Map<String, String> b = MimeBundle.of(chart());
    BufferedImage img = decodePng(b.get(MimeBundle.PNG));
    assertEquals(Plots.WIDTH, img.getWidth(), "png width = chart width");
    assertEquals(Plots.HEIGHT, img.getHeight(), "png height = chart height");
    assertTrue(b.get(MimeBundle.PLAIN).contains("squares"), b.get(MimeBundle.PLAIN));
  }

  @Test
  void svgOnRequest() {
    Map<String, String> b = MimeBundle.of(Ftlab.svg(chart()));
    assertTrue(b.get(MimeBundle.SVG).contains("<svg"), "svg document");
    // VectorGraphics2D draws text as outlines, so check the geometry instead of the title
    String svg = b.get(MimeBundle.SVG);
    assertTrue(svg.contains("width=\"" + Plots.WIDTH) && svg.contains("height=\"" + Plots.HEIGHT),
        "svg has the chart's size: " + svg.substring(0, Math.min(300, svg.length())));
    assertTrue(svg.split("<path", -1).length > 20, "svg draws the chart as paths");
  }

  @Test
  void tableHtmlHoldsEveryCellAndHeader() {
    Table t = Table.create("demo").addColumns(IntColumn.create("k", 1, 2, 3),
        DoubleColumn.create("v", 0.5, 1.5, 2.5));
    String html = MimeBundle.of(t).get(MimeBundle.HTML);
    assertTrue(html.contains("<th>k</th>") && html.contains("<th>v</th>"), html);
    for (String cell : List.of("1", "2", "3", "0.5", "1.5", "2.5")) {
      assertTrue(html.contains("<td>" + cell + "</td>"), "cell " + cell + " in " + html);
    }
    assertTrue(html.contains("demo"), "caption");
  }

  @Test
  void longTableSaysHowManyRowsAreHidden() {
    int n = 100;
    int[] k = new int[n];
    for (int i = 0; i < n; i++) {
      k[i] = i;
    }
    Table t = Table.create("long").addColumns(IntColumn.create("k", k));
    String html = MimeBundle.tableHtml(t);
    int shown = html.split("<tr>", -1).length - 1 - 1 - 1; // minus header row and note row
    assertEquals(MimeBundle.MAX_TABLE_ROWS, shown, "rows shown");
    assertTrue(html.contains((n - MimeBundle.MAX_TABLE_ROWS) + " more rows (" + n + " in all)"),
        html);
    assertTrue(html.contains("<td>0</td>") && html.contains("<td>99</td>"), "first and last");
  }

  @Test
  void displayableGivesHtmlWithEveryChartAndThePngOfTheFirst() throws Exception {
    XYChart a = chart();
    XYChart b2 = Plots.logLog("second", "k", "lambda_k");
    Plots.line(b2, "power law", new double[] {1, 10, 100}, new double[] {1, 0.1, 0.01});
    Displayable d = new Displayable() {
      @Override
      public String summaryText() {
        return "two charts";
      }

      @Override
      public String summaryHtml() {
        return "<b>two charts</b>";
      }

      @Override
      public List<Chart<?, ?>> charts() {
        return List.of(a, b2);
      }
    };
    Map<String, String> b = MimeBundle.of(d);
    String html = b.get(MimeBundle.HTML);
    assertEquals(2, html.split("data:image/png;base64,", -1).length - 1, "two inline images");
    assertTrue(html.startsWith("<div class=\"ftlab-result\"><b>two charts</b>"), html);
    assertNotNull(decodePng(b.get(MimeBundle.PNG)));
    assertEquals("two charts", b.get(MimeBundle.PLAIN));
  }

  @Test
  void tableNumbersShowFourSignificantDigits() {
    assertEquals("0.5691", MimeBundle.number(0.5691487606168012));
    assertEquals("0.5", MimeBundle.number(0.5));
    assertEquals("1.8e-15", MimeBundle.number(1.8e-15));
    assertEquals("12345", MimeBundle.number(12345.0));
    assertEquals("-0.0769", MimeBundle.number(-0.07690));
    assertEquals("1.235e+07", MimeBundle.number(12345678.9));
    assertEquals("NaN", MimeBundle.number(Double.NaN));
    Table t = Table.create("x").addColumns(DoubleColumn.create("v", 0.5691487606168012));
    assertTrue(MimeBundle.tableHtml(t).contains("<td>0.5691</td>"), MimeBundle.tableHtml(t));
  }

  @Test
  void otherObjectsArePlainText() {
    Map<String, String> b = MimeBundle.of(42);
    assertEquals(Map.of(MimeBundle.PLAIN, "42"), b);
  }
}
