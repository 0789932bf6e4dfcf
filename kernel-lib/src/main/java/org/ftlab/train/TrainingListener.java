package org.ftlab.train;

/** Receives the losses at every evaluation step of a {@link Trainer}. */
@FunctionalInterface
public interface TrainingListener {

    /**
     * @param step number of parameter updates applied so far ({@code θ_step})
     * @param trainLoss mean squared error on the training set at {@code θ_step}
     * @param validationLoss mean squared error on the validation set, NaN without one
     */
    void onEvaluation(int step, double trainLoss, double validationLoss);
}
