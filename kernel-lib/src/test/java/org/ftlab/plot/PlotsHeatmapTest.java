package org.ftlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Heat map values are rounded to 3 significant digits so the legend prints short numbers. */
class PlotsHeatmapTest {
  @Test
  void roundsToThreeSignificantDigits() {
    assertEquals(0.469, Plots.threeDigits(0.46935659212906594), 0.0, "0.4694 -> 0.469");
    assertEquals(-0.0769, Plots.threeDigits(-0.07687460630871586), 0.0, "-0.07687 -> -0.0769");
    assertEquals(1.23e-7, Plots.threeDigits(1.2345e-7), 0.0, "small values keep 3 digits");
    assertEquals(0.0, Plots.threeDigits(0.0), 0.0);
    assertEquals("0.469", Double.toString(Plots.threeDigits(0.46935659212906594)),
        "legend text");
    byte[] png = ChartImages.png(Plots.heatmap("K", new double[][] {{0.123456, -1}, {-1, 2}},
        "i", "j"));
    assertTrue(png.length > 1000, "renders a PNG");
  }
}
