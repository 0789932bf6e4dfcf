package org.ftlab.stopping;

/**
 * Hold-out early stopping, the practical rule paper 1 recommends and uses (&sect;6.2, &sect;7):
 * "updates are halted when the validation loss shows no improvement over several iterations".
 *
 * <p>Rule: epochs are numbered 0, 1, 2, ... An epoch <em>improves</em> if its validation loss is
 * below {@code best - minDelta} (the first finite loss always improves; NaN and infinite losses
 * never do). After every epoch that does not improve a counter grows; an improving epoch resets
 * it. Training stops at the epoch where the counter reaches {@code patience}; the model to keep is
 * the one of {@link #bestEpoch()}.
 *
 * <p>Use it streaming inside a training loop ({@link #update}) or on a whole sequence
 * ({@link #evaluate}).
 */
public final class HoldOutStopping {

    private final int patience;
    private final double minDelta;
    private int epochs;
    private int bestEpoch = -1;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int sinceBest;
    private int stopEpoch = -1;

    /**
     * @param patience number of consecutive non-improving epochs that stops training, &ge; 1
     * @param minDelta smallest decrease that counts as an improvement, &ge; 0
     */
    public HoldOutStopping(int patience, double minDelta) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience: must be >= 1, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("minDelta: must be finite and >= 0, got " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /**
     * Records the validation loss of the next epoch.
     *
     * @return true if training should stop after this epoch
     * @throws IllegalStateException if called again after the rule has stopped
     */
    public boolean update(double validationLoss) {
        if (stopEpoch >= 0) {
            throw new IllegalStateException("already stopped at epoch " + stopEpoch);
        }
        int epoch = epochs++;
        boolean improved = Double.isFinite(validationLoss)
                && (bestEpoch < 0 || validationLoss < bestLoss - minDelta);
        if (improved) {
            bestLoss = validationLoss;
            bestEpoch = epoch;
            sinceBest = 0;
        } else {
            sinceBest++;
        }
        if (sinceBest >= patience) {
            stopEpoch = epoch;
            return true;
        }
        return false;
    }

    /** Whether the rule has stopped. */
    public boolean stopped() {
        return stopEpoch >= 0;
    }

    /** Epoch at which training stopped, or -1 if it has not. */
    public int stopEpoch() {
        return stopEpoch;
    }

    /** Epoch with the best (lowest, improving) validation loss so far, or -1 if none was finite. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Best validation loss so far (+Infinity if none). */
    public double bestLoss() {
        return bestLoss;
    }

    /** Number of epochs seen. */
    public int epochs() {
        return epochs;
    }

    /**
     * Applies the rule to a whole validation-loss sequence.
     *
     * @return stop epoch (the last index if the rule never fires), best epoch and loss
     */
    public static Result evaluate(double[] validationLosses, int patience, double minDelta) {
        if (validationLosses == null || validationLosses.length == 0) {
            throw new IllegalArgumentException("validationLosses: must be non-empty");
        }
        HoldOutStopping h = new HoldOutStopping(patience, minDelta);
        for (double loss : validationLosses) {
            if (h.update(loss)) {
                break;
            }
        }
        int stop = h.stopped() ? h.stopEpoch : validationLosses.length - 1;
        return new Result(stop, h.bestEpoch, h.bestLoss, h.stopped());
    }

    /**
     * Outcome of {@link #evaluate}.
     *
     * @param stopEpoch epoch after which training halts (last index if never stopped)
     * @param bestEpoch epoch of the best validation loss (-1 if none finite)
     * @param bestLoss best validation loss
     * @param stopped whether the patience rule fired before the sequence ended
     */
    public record Result(int stopEpoch, int bestEpoch, double bestLoss, boolean stopped) {
    }
}
