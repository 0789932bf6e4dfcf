package org.ftlab.model;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * A scalar-output network {@code f(θ, x)} as seen by the empirical neural tangent kernel (eq. 6-7
 * of paper 1, Sun &amp; Raskutti) and by the training loops: a differentiable forward map plus the
 * list of parameters {@code θ}.
 *
 * <p>Contract for implementers (including the adapters of pretrained encoders):
 *
 * <ul>
 *   <li>{@link #forward} maps a batch {@code x} of shape {@code [N, ...]} to outputs of shape
 *       {@code [N]}, using only DJL operations on the arrays of {@link #parameters()} so that
 *       autograd reaches every parameter.
 *   <li>Every intermediate array and the result must end up attached to {@code x}'s {@code
 *       NDManager} (put the input-derived operand first in binary operations: {@code x.matMul(W)},
 *       not {@code W.matMul(x)}); callers free a whole forward pass by closing that manager.
 *   <li>{@link #parameters()} returns the live parameter arrays (not copies), always in the same
 *       order, with unique names, each with {@code requiresGradient} set. Callers may toggle
 *       {@code setRequiresGradient} on a subset temporarily and update values in place.
 * </ul>
 *
 * <p>{@link BlockModel} adapts any initialised DJL {@code Block}.
 */
public interface DifferentiableModel {

    /**
     * Evaluates {@code f(θ, x)} on a batch.
     *
     * @param x inputs of shape {@code [N, ...]}
     * @return outputs of shape {@code [N]}, attached to {@code x}'s manager
     */
    NDArray forward(NDArray x);

    /**
     * The parameters {@code θ}, live, in a fixed order.
     *
     * @return named parameter arrays
     */
    List<NamedParameter> parameters();
}
