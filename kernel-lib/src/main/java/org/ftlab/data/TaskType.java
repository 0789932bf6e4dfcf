package org.ftlab.data;

/**
 * What a dataset asks the model to predict: a real score (STS-B, STS-2012, SemRel; the regression
 * tasks of paper 1, Table 2) or one of a fixed set of labels (every other task of paper 1, Table 1,
 * and of paper 2, §4.1).
 */
public enum TaskType {
    /** A real score in a documented range ({@link Dataset#scoreMin()}..{@link Dataset#scoreMax()}). */
    REGRESSION,
    /** An integer label {@code 0..k-1} naming one of {@link Dataset#labelNames()}. */
    CLASSIFICATION
}
