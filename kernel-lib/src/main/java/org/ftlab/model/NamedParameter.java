package org.ftlab.model;

import ai.djl.ndarray.NDArray;

import java.util.Objects;

/**
 * One parameter tensor of a {@link DifferentiableModel}: a unique name and the live array.
 *
 * @param name unique name, e.g. {@code block2.attention.WQ}
 * @param array the live parameter array (not a copy)
 */
public record NamedParameter(String name, NDArray array) {

    /**
     * Validates the components.
     *
     * @param name unique name
     * @param array the live parameter array
     */
    public NamedParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(array, "array");
    }

    /**
     * Number of scalar entries.
     *
     * @return {@code array.size()}
     */
    public long size() {
        return array.size();
    }
}
