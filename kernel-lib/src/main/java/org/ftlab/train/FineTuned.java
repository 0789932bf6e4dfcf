package org.ftlab.train;

/**
 * A {@link EncoderFineTuner} run on an encoder the caller owns ({@link EncoderFineTuner#runOn}):
 * the metrics plus the trained linear head, so that the fine-tuned model {@code f_FT} (encoder
 * weights left in the caller's encoder, head here) can be evaluated again, e.g. after task
 * arithmetic on the encoder (paper 1, §5.2 and §7.2).
 *
 * @param result metrics of the run (test accuracy / MSE of the restored best epoch)
 * @param inputs head input size {@code d} (the encoder's hidden size)
 * @param outputs head outputs {@code C} (1 for regression, the number of classes otherwise)
 * @param headWeight {@code W ∈ R^{d×C}}, row-major; {@code out = pool · W + b}
 * @param headBias {@code b ∈ R^C}
 */
public record FineTuned(FineTuneResult result, int inputs, int outputs, float[] headWeight,
        float[] headBias) {

    /** @throws IllegalArgumentException if the head arrays do not have {@code d·C} and {@code C} entries */
    public FineTuned {
        if (headWeight == null || headBias == null || inputs < 1 || outputs < 1
                || headWeight.length != inputs * outputs || headBias.length != outputs) {
            throw new IllegalArgumentException("head: expected W of " + inputs + "x" + outputs
                    + " and b of " + outputs + " entries");
        }
    }

    /** Head values captured inside a run. */
    record Head(int inputs, int outputs, float[] weight, float[] bias) {}
}
