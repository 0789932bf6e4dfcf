package org.ftlab.train;

import java.util.List;
import java.util.Locale;
import org.ftlab.report.Displayable;
import org.ftlab.plot.Plots;
import org.ftlab.util.Json;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Outcome of one {@link EncoderFineTuner} run. Per-epoch arrays have {@code epochsRun + 1} entries:
 * index 0 is the model before any update (pretrained encoder, fresh head), index {@code e} the model
 * after epoch {@code e}.
 *
 * @param model canonical encoder name
 * @param dataset dataset name
 * @param task "REGRESSION" or "CLASSIFICATION"
 * @param mode PROBE, LAST_K or FULL
 * @param lastK layers trained in LAST_K mode (0 otherwise)
 * @param optimizer ADAMW or SGD
 * @param trainSize examples the model was trained on (the hold-out dev examples excluded)
 * @param devSize hold-out examples used for early stopping
 * @param testSize test examples scored
 * @param trainableParameters scalar parameters updated (head included)
 * @param trainLoss mean training loss per epoch (MSE or cross-entropy; index 0: before training)
 * @param devLoss hold-out loss per epoch, the quantity early stopping watches
 * @param devMetric hold-out MSE (regression) or accuracy (classification) per epoch
 * @param bestEpoch epoch whose weights were kept (lowest dev loss; 0 = no update helped)
 * @param epochsRun epochs actually trained before the rule stopped or the maximum was reached
 * @param stoppedEarly whether {@link org.ftlab.stopping.HoldOutStopping} ended training
 * @param testMse test MSE (regression; NaN for classification)
 * @param testAccuracy test accuracy (classification; NaN for regression)
 * @param testMacroF1 test macro-F1 (classification; NaN for regression)
 * @param seconds wall-clock time of the run (loading included)
 * @param peakRssBytes peak resident set size of the process after the run
 */
public record FineTuneResult(String model, String dataset, String task, String mode, int lastK,
        String optimizer, int trainSize, int devSize, int testSize, long trainableParameters,
        double[] trainLoss, double[] devLoss, double[] devMetric, int bestEpoch, int epochsRun,
        boolean stoppedEarly, double testMse, double testAccuracy, double testMacroF1,
        double seconds, long peakRssBytes) implements Displayable {

    @Override
    public String summaryText() {
        return toJson().toString();
    }

    @Override
    public String summaryHtml() {
        StringBuilder sb = new StringBuilder("<table><caption style=\"caption-side:top;text-align:left;"
                + "font-weight:bold\">Fine-tuning " + model + " on " + dataset + " (" + mode
                + (lastK > 0 ? " k=" + lastK : "") + ", " + optimizer + ")</caption>");
        org.ftlab.report.HtmlTable.row(sb, "train / hold-out / test examples", trainSize + " / " + devSize + " / " + testSize);
        org.ftlab.report.HtmlTable.row(sb, "trainable parameters", String.valueOf(trainableParameters));
        org.ftlab.report.HtmlTable.row(sb, "epochs run, chosen epoch", epochsRun + ", " + bestEpoch
                + (stoppedEarly ? " (stopped early)" : ""));
        if (!Double.isNaN(testMse)) {
            org.ftlab.report.HtmlTable.row(sb, "test MSE", fmt(testMse));
        }
        if (!Double.isNaN(testAccuracy)) {
            org.ftlab.report.HtmlTable.row(sb, "test accuracy, macro-F1", fmt(testAccuracy) + ", " + fmt(testMacroF1));
        }
        org.ftlab.report.HtmlTable.row(sb, "seconds, peak RSS (GB)", fmt(seconds) + ", " + fmt(peakRssBytes / 1e9));
        return sb.append("</table>").toString();
    }

    @Override
    public List<Chart<?, ?>> charts() {
        double[] epochs = new double[trainLoss.length];
        for (int e = 0; e < epochs.length; e++) {
            epochs[e] = e;
        }
        String what = "REGRESSION".equals(task) ? "MSE" : "cross-entropy";
        XYChart c = Plots.xy("Loss per epoch (chosen epoch " + bestEpoch + ")", "epoch",
                what + " (mean per example)");
        Plots.line(c, "train", epochs, trainLoss);
        Plots.line(c, "hold-out", epochs, devLoss);
        return List.of(c);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** @return one JSON object with every field (NaN metrics are omitted) */
    public Json toJson() {
        Json j = Json.object().put("model", model).put("dataset", dataset).put("task", task)
                .put("mode", mode).put("lastK", lastK).put("optimizer", optimizer)
                .put("trainSize", trainSize).put("devSize", devSize).put("testSize", testSize)
                .put("trainableParameters", trainableParameters).put("trainLoss", trainLoss)
                .put("devLoss", devLoss).put("devMetric", devMetric).put("bestEpoch", bestEpoch)
                .put("epochsRun", epochsRun).put("stoppedEarly", stoppedEarly);
        if (!Double.isNaN(testMse)) {
            j.put("testMse", testMse);
        }
        if (!Double.isNaN(testAccuracy)) {
            j.put("testAccuracy", testAccuracy);
        }
        if (!Double.isNaN(testMacroF1)) {
            j.put("testMacroF1", testMacroF1);
        }
        return j.put("seconds", seconds).put("peakRssBytes", peakRssBytes);
    }
}
