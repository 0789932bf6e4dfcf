package org.ftlab.train;

import org.ftlab.model.ParameterSnapshot;

import java.util.Collections;
import java.util.NavigableMap;

/**
 * Losses along a run of {@link Trainer}: at each evaluation step {@code τ} the mean squared errors
 * {@code (1/N) Σ (f_τ(x_i) − y_i)²} on the training set and on the hold-out set, the step where
 * training stopped, and the step of the lowest hold-out loss (the early-stopped iterate).
 */
public final class TrainingHistory {

    private final int[] steps;
    private final double[] trainLoss;
    private final double[] validationLoss;
    private final int stopStep;
    private final int bestStep;
    private final boolean stoppedEarly;
    private final boolean restoredBest;
    private final NavigableMap<Integer, ParameterSnapshot> snapshots;
    private final double seconds;

    TrainingHistory(
            int[] steps,
            double[] trainLoss,
            double[] validationLoss,
            int stopStep,
            int bestStep,
            boolean stoppedEarly,
            boolean restoredBest,
            NavigableMap<Integer, ParameterSnapshot> snapshots,
            double seconds) {
        this.steps = steps;
        this.trainLoss = trainLoss;
        this.validationLoss = validationLoss;
        this.stopStep = stopStep;
        this.bestStep = bestStep;
        this.stoppedEarly = stoppedEarly;
        this.restoredBest = restoredBest;
        this.snapshots = Collections.unmodifiableNavigableMap(snapshots);
        this.seconds = seconds;
    }

    /** @return the evaluation steps {@code τ} (updates applied), increasing, starting at 0 */
    public int[] steps() {
        return steps.clone();
    }

    /** @return training MSE at each evaluation step */
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    /** @return hold-out MSE at each evaluation step (NaN without a validation set) */
    public double[] validationLoss() {
        return validationLoss.clone();
    }

    /** @return number of updates applied when training ended */
    public int stopStep() {
        return stopStep;
    }

    /** @return evaluation step with the lowest hold-out loss, -1 without a validation set */
    public int bestStep() {
        return bestStep;
    }

    /** @return whether the patience rule ended training before the step limit */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** @return whether the model's parameters were reset to those of {@link #bestStep()} */
    public boolean restoredBest() {
        return restoredBest;
    }

    /** @return requested parameter snapshots by step (empty unless asked for) */
    public NavigableMap<Integer, ParameterSnapshot> snapshots() {
        return snapshots;
    }

    /** @return wall-clock seconds */
    public double seconds() {
        return seconds;
    }

    /** @return training MSE at the last evaluation step */
    public double finalTrainLoss() {
        return trainLoss[trainLoss.length - 1];
    }

    @Override
    public String toString() {
        return "TrainingHistory{evaluations=" + steps.length + ", stopStep=" + stopStep
                + ", bestStep=" + bestStep + ", stoppedEarly=" + stoppedEarly
                + String.format(", finalTrainLoss=%.5g", finalTrainLoss())
                + (bestStep >= 0 ? String.format(", bestValidationLoss=%.5g",
                        validationLoss[indexOf(bestStep)]) : "")
                + String.format(", seconds=%.2f}", seconds);
    }

    private int indexOf(int step) {
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == step) {
                return i;
            }
        }
        return -1;
    }
}
