package org.ftlab.train;

import org.ftlab.util.Json;

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
        double seconds, long peakRssBytes) {

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
