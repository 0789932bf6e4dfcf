package org.ftlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PlotsTest {
  @Test
  void namedHeatmapRendersWithTaskNames() throws Exception {
    double[][] m = {{1, 0.2, 0.1}, {0.2, 1, 0.3}, {0.1, 0.3, 1}};
    var c = Plots.heatmap("cosine", m, List.of("RTE", "MRPC", "SST-2"));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(ChartImages.png(c)));
    assertEquals(c.getWidth(), img.getWidth(), "rendered at chart width");
    assertEquals(List.of("RTE", "MRPC", "SST-2"), c.getHeatMapSeries().getXData(),
        "categories are the names");
  }

  @Test
  void numericHeatmapHasOneCellPerEntry() {
    double[][] m = {{1, 2, 3}, {4, 5, 6}};
    var c = Plots.heatmap("m", m, "row i", "column j");
    assertEquals(6, c.getHeatMapSeries().getHeatData().size(), "2 x 3 cells");
    assertTrue(ChartImages.png(c).length > 1000, "png bytes");
  }

  @Test
  void badShapesAreRejectedWithTheReason() {
    String ragged = assertThrows(IllegalArgumentException.class,
        () -> Plots.heatmap("r", new double[][] {{1, 2}, {3}}, "i", "j")).getMessage();
    assertTrue(ragged.contains("row 1 has 1 entries, expected 2"), ragged);
    String names = assertThrows(IllegalArgumentException.class,
        () -> Plots.heatmap("n", new double[][] {{1, 2}, {3, 4}}, List.of("a"))).getMessage();
    assertTrue(names.contains("1 names for a 2 x 2 matrix"), names);
    String len = assertThrows(IllegalArgumentException.class,
        () -> Plots.line(Plots.xy("t", "x", "y"), "s", new double[] {1}, new double[] {1, 2}))
        .getMessage();
    assertEquals("series 's': x has 1 values but y has 2", len);
  }
}
