package org.ftlab.stability;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The published GLUE/SuperGLUE tables of Fu et al. (paper 2, §4.2), RoBERTa-base, 10 seeds, as
 * mean ± standard deviation of the task metric in percent, transcribed from the paper's text.
 * Rows follow {@link StabilityMethod}'s order (FineTune, MixOut, LNSR, MMR, MHLoss, SURT; the paper
 * prints MHLoss before MMR). Tasks use ftlab's dataset names ({@code cola, mrpc, rte, cb, wsc,
 * qqp, sst2, wnli, boolq, multirc, wic}). Each table's printed AVG column is kept so a test can
 * check the transcription: AVG is the mean of the task means ± the mean of the task stds.
 */
public enum PaperTable {
  /** Table 2, the main experiment: full fine-tuning on eleven tasks. */
  TABLE2_FULL("Table 2 (full fine-tuning)",
      List.of("cola", "mrpc", "rte", "cb", "wsc", "qqp", "sst2", "wnli", "boolq", "multirc", "wic"),
      new String[] {
          "59.21±2.32 88.84±0.97 76.21±2.04 79.11±2.77 54.33±5.48 39.67±8.13 93.04±0.48 54.65±3.44 78.70±1.10 44.22±0.85 68.07±1.19 66.91±2.61",
          "59.85±1.94 89.42±0.66 75.63±1.52 78.57±3.29 51.92±6.88 39.67±8.13 93.13±0.42 54.75±2.45 78.54±0.78 44.81±0.82 68.67±1.12 66.82±2.55",
          "60.69±1.65 89.21±0.65 74.26±0.97 80.71±2.74 52.79±4.68 39.61±8.07 93.31±0.38 55.62±1.47 78.36±0.57 41.66±1.06 68.68±1.34 66.81±2.14",
          "60.96±1.75 89.58±0.59 75.59±0.55 80.00±3.81 54.13±3.57 38.83±7.26 93.18±0.31 54.79±2.31 76.96±1.23 44.73±0.66 67.74±0.37 66.95±2.04",
          "59.64±2.37 88.43±0.78 77.11±0.93 79.64±2.79 61.35±4.75 40.17±7.03 93.13±0.42 55.92±1.27 79.59±0.53 43.77±1.24 67.51±0.96 67.84±2.10",
          "60.64±1.46 89.35±0.91 76.03±1.00 78.21±1.56 52.88±2.47 40.42±9.12 93.18±0.36 53.80±4.22 78.86±0.81 43.38±0.62 68.09±1.30 66.80±2.17"}),
  /** Table 3, head tuning (§4.2.6): encoder frozen. */
  TABLE3_HEAD("Table 3 (head tuning)", List.of("cola", "mrpc", "rte", "cb", "wsc"),
      new String[] {
          "40.03±1.69 77.77±0.73 56.72±1.16 75.52±6.31 58.75±3.86 61.76±2.75",
          "39.64±2.09 77.09±0.65 56.28±1.19 76.43±5.58 58.75±3.86 61.64±2.67",
          "39.43±1.92 77.48±0.35 57.44±0.92 76.96±6.05 58.85±3.43 62.03±2.53",
          "39.11±2.08 77.63±0.56 56.68±0.75 78.57±6.13 61.63±1.90 62.73±2.28",
          "39.91±0.67 77.42±1.09 56.41±0.90 78.75±5.50 63.46±1.14 63.19±1.86",
          "39.25±1.12 77.44±0.55 55.11±1.74 78.75±5.67 62.21±2.55 62.55±2.33"}),
  /** Table 4, data perturbation (§4.2.7): full fine-tuning with 10 % of the training set removed. */
  TABLE4_REMOVED("Table 4 (full fine-tuning, 10% of the training set removed)",
      List.of("cola", "mrpc", "rte", "cb", "wsc"),
      new String[] {
          "60.17±1.84 88.61±1.01 75.02±1.56 83.04±3.93 57.88±5.42 72.94±2.75",
          "60.24±1.51 88.59±0.84 74.91±1.79 83.75±2.93 58.75±5.43 73.25±2.50",
          "60.11±1.26 88.88±0.84 72.27±2.31 84.46±3.20 55.29±4.81 72.20±2.48",
          "60.84±1.39 89.66±0.89 71.05±1.25 85.54±3.43 56.73±4.26 72.76±2.24",
          "60.35±1.20 88.41±0.85 74.77±1.22 85.00±3.01 61.92±4.30 74.09±2.12",
          "60.04±1.68 88.67±0.70 75.16±1.29 86.79±2.42 54.13±5.47 72.96±2.31"});

  private final String caption;
  private final List<String> tasks;
  /** [method][task or AVG]{mean, std}. */
  private final double[][][] cells;

  PaperTable(String caption, List<String> tasks, String[] rows) {
    this.caption = caption;
    this.tasks = tasks;
    this.cells = new double[rows.length][][];
    for (int m = 0; m < rows.length; m++) {
      String[] parts = rows[m].trim().split("\\s+");
      if (parts.length != tasks.size() + 1) {
        throw new IllegalStateException(name() + " row " + m + ": " + parts.length + " cells");
      }
      cells[m] = Arrays.stream(parts).map(p -> p.split("±"))
          .map(p -> new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])})
          .toArray(double[][]::new);
    }
  }

  /** The paper's caption, e.g. "Table 3 (head tuning)". */
  public String caption() {
    return caption;
  }

  /** The table's tasks in the paper's column order (ftlab dataset names). */
  public List<String> tasks() {
    return tasks;
  }

  /** Whether the table has a column for {@code task}. */
  public boolean hasTask(String task) {
    return tasks.contains(task.toLowerCase(Locale.ROOT));
  }

  /** Published mean (percent) of a method on a task. */
  public double mean(StabilityMethod method, String task) {
    return cells[method.ordinal()][column(task)][0];
  }

  /** Published standard deviation over the 10 seeds (points). */
  public double std(StabilityMethod method, String task) {
    return cells[method.ordinal()][column(task)][1];
  }

  /** The printed AVG column {mean, std} of a method's row. */
  public double[] printedAverage(StabilityMethod method) {
    return cells[method.ordinal()][tasks.size()].clone();
  }

  private int column(String task) {
    int j = tasks.indexOf(task.toLowerCase(Locale.ROOT));
    if (j < 0) {
      throw new IllegalArgumentException("task: '" + task + "' is not a column of " + caption
          + " (columns: " + String.join(", ", tasks) + ")");
    }
    return j;
  }
}
