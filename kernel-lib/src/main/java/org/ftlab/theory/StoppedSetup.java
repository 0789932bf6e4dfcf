package org.ftlab.theory;

/**
 * The set-up shared by the experiments that fine-tune with hold-out early stopping (paper 1, §6.2:
 * the paper's experiments stop on a hold-out set): {@link SyntheticSetup} plus the step limit, the
 * evaluation interval and the patience.
 *
 * @param <B> the concrete builder
 */
public abstract class StoppedSetup<B extends StoppedSetup<B>> extends SyntheticSetup<B> {
    int maxSteps = 400;
    int evaluateEvery = 5;
    int patience = 10;

    StoppedSetup() {}

    /**
     * @param maxSteps GD step limit; default 400
     * @param evaluateEvery hold-out evaluation interval; default 5
     * @param patience evaluations without improvement before stopping; default 10
     * @return this builder
     */
    @SuppressWarnings("unchecked")
    public B optStopping(int maxSteps, int evaluateEvery, int patience) {
        this.maxSteps = maxSteps;
        this.evaluateEvery = evaluateEvery;
        this.patience = patience;
        return (B) this;
    }

    /** Validates the shared set-up and the stopping options. */
    void validateStopping() {
        validateSetup();
        positive("maxSteps", maxSteps);
        positive("evaluateEvery", evaluateEvery);
        positive("patience", patience);
    }
}
