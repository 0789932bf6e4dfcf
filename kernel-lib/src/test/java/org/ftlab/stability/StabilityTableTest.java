package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StabilityTableTest {

  /**
   * The transcription check: the paper prints each row's AVG as the mean of the task means ± the
   * mean of the task stds; recomputing it from our transcribed cells must give the printed value
   * to within its rounding (0.01, plus 0.005 of accumulated rounding of the cells).
   */
  @Test
  void transcribedPaperTablesReproduceTheirPrintedAverages() {
    for (PaperTable t : PaperTable.values()) {
      for (StabilityMethod m : StabilityMethod.values()) {
        double sm = 0;
        double ss = 0;
        for (String task : t.tasks()) {
          sm += t.mean(m, task);
          ss += t.std(m, task);
        }
        int k = t.tasks().size();
        double[] avg = t.printedAverage(m);
        assertEquals(avg[0], sm / k, 0.015, t + " " + m + " AVG mean");
        assertEquals(avg[1], ss / k, 0.015, t + " " + m + " AVG std");
      }
    }
  }

  @Test
  void paperValuesByMethodNotByPrintedRowOrder() {
    // the paper prints MHLoss before MMR; Table 3's WSC: MHLoss 63.46 ± 1.14, MMR 61.63 ± 1.90
    assertEquals(63.46, PaperTable.TABLE3_HEAD.mean(StabilityMethod.MHLOSS, "wsc"), 0);
    assertEquals(1.90, PaperTable.TABLE3_HEAD.std(StabilityMethod.MMR, "WSC"), 0);
    assertEquals(79.11, PaperTable.TABLE2_FULL.mean(StabilityMethod.FINETUNE, "cb"), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PaperTable.TABLE3_HEAD.mean(StabilityMethod.FINETUNE, "sst2"));
    assertTrue(e.getMessage().contains("sst2") && e.getMessage().contains("cola"), e.getMessage());
  }

  @Test
  void shadesByTheChangeInStdAgainstFineTune() {
    StabilityTable t = StabilityTable.builder().setCaption("demo")
        .addCell(StabilityMethod.MMR, "cb", 70, 1.0, false)       // std down 2 -> green, deepest
        .addCell(StabilityMethod.FINETUNE, "cb", 70, 3.0, false)
        .addCell(StabilityMethod.MIXOUT, "cb", 70, 4.0, false)    // std up 1 -> red, half scale
        .addCell(StabilityMethod.SURT, "cb", 33, 0.0, true)       // diverged: no colour
        .optPaper(PaperTable.TABLE2_FULL).build();
    assertEquals(java.util.List.of(StabilityMethod.FINETUNE, StabilityMethod.MIXOUT,
        StabilityMethod.MMR, StabilityMethod.SURT), t.methods(), "rows in StabilityMethod order");
    String html = t.summaryHtml();
    assertTrue(html.contains("background:rgba(0,170,0,0.62)\">70.00 ± 1.00"), html);
    assertTrue(html.contains("background:rgba(220,0,0,0.37)\">70.00 ± 4.00"), html);
    assertTrue(html.contains("<td style=\"\"><i>diverged (NaN)</i>: 33.00 ± 0.00"), html);
    assertTrue(html.contains("paper 79.11 ± 2.77</span>"), "FineTune has no Δσ: " + html);
    assertTrue(html.contains("70.00 ± 1.00 <span style=\"font-size:80%\">(Δσ -2.00)</span>"), html);
    assertTrue(html.contains("70.00 ± 4.00 <span style=\"font-size:80%\">(Δσ +1.00)</span>"), html);
    // the paper's own change for MMR on CB: 3.81 - 2.77 (Table 2)
    assertTrue(html.contains("paper 80.00 ± 3.81 <span style=\"font-size:80%\">(Δσ +1.04)</span>"), html);
    assertEquals(1.0, t.averageStd(StabilityMethod.MMR), 0);
    assertTrue(Double.isNaN(t.averageStd(StabilityMethod.SURT)));
    assertEquals(3.81, t.paperAverageStd(StabilityMethod.MMR), 0);
  }

  @Test
  void incompleteOrUnknownInputIsRejectedWithTheReason() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> StabilityTable.builder().setCaption("x")
            .addCell(StabilityMethod.FINETUNE, "cb", 1, 1, false)
            .addCell(StabilityMethod.FINETUNE, "wsc", 1, 1, false)
            .addCell(StabilityMethod.MMR, "cb", 1, 1, false).build());
    assertTrue(missing.getMessage().contains("mmr has no cell for wsc"), missing.getMessage());
    IllegalArgumentException col = assertThrows(IllegalArgumentException.class,
        () -> StabilityTable.builder().setCaption("x")
            .addCell(StabilityMethod.FINETUNE, "sst2", 1, 1, false)
            .optPaper(PaperTable.TABLE3_HEAD).build());
    assertTrue(col.getMessage().contains("'sst2'"), col.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StabilityTable.builder()
        .addCell(StabilityMethod.FINETUNE, "cb", 1, 1, false).build());
  }

  @Test
  void valueCellsHaveNoChartAndTheStripChartPlotsEverySeed() throws Exception {
    StabilityTable plain = StabilityTable.builder().setCaption("x")
        .addCell(StabilityMethod.FINETUNE, "cb", 1, 1, false).build();
    assertTrue(plain.charts().isEmpty());
    StabilityTable.Cell c = new StabilityTable.Cell(2, 1, false, new double[] {1, 2, 3});
    assertEquals(3, c.scores().length);
    var chart = StabilityTable.stripChart("demo",
        java.util.List.of(StabilityMethod.FINETUNE, StabilityMethod.MMR), java.util.List.of("cb", "wsc"),
        java.util.Map.of("cb", "acc"), (m, t) -> m == StabilityMethod.MMR && t.equals("wsc")
            ? new double[] {50, Double.NaN, 60} : new double[] {70, 71});
    // one series per (task, seed): cb 2 seeds, wsc 3 (its second seed has one finite point)
    assertEquals(5, chart.getSeriesCollection().size());
    assertEquals(java.util.List.of("finetune", "mmr"), chart.getSeries("cb (acc)").getXData());
    assertArrayEquals(new double[] {71.0, Double.NaN}, chart.getSeries("wsc seed 1").getYData(),
        "the NaN seed is left out, the finite one kept");
    assertTrue(chart.getSeries("cb (acc)").isShowInLegend() && !chart.getSeries("cb (acc) seed 1").isShowInLegend());
    String out = System.getProperty("ftlab.test.png");
    if (out != null) {
      org.knowm.xchart.BitmapEncoder.saveBitmap(chart, out, org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
