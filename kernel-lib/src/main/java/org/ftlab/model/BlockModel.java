package org.ftlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Adapts an initialised DJL {@link Block} with a single input and a single output of shape
 * {@code [N]} or {@code [N, 1]} to {@link DifferentiableModel}, so that its empirical NTK (eq. 7)
 * can be computed and it can be trained. The block's own parameter arrays are used (no copy).
 * The block runs with {@code training = false} by default, so {@code f} is deterministic (no
 * dropout); autograd still records, since recording is governed by the gradient collector.
 */
public final class BlockModel implements DifferentiableModel {

    private final Block block;
    private final ParameterStore store;
    private final List<NamedParameter> parameters;

    private final boolean training;

    private BlockModel(Block block, NDManager manager, boolean training) {
        this.block = block;
        this.training = training;
        this.store = new ParameterStore(manager, false);
        List<NamedParameter> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (!param.isInitialized()) {
                throw new IllegalArgumentException(
                        "block: parameter " + p.getKey() + " not initialised, call"
                                + " block.initialize(...) first");
            }
            if (param.requiresGradient()) {
                NDArray a = param.getArray();
                if (!a.hasGradient()) {
                    a.setRequiresGradient(true);
                }
                list.add(new NamedParameter(p.getKey(), a));
            }
        }
        this.parameters = Collections.unmodifiableList(list);
    }

    /**
     * Wraps a block.
     *
     * @param block an initialised block
     * @param manager manager for the parameter store (no arrays are created in it)
     * @return the adapter
     */
    public static BlockModel of(Block block, NDManager manager) {
        return new BlockModel(block, manager, false);
    }

    /**
     * Wraps a block, choosing DJL's training flag (e.g. {@code true} to keep dropout active).
     *
     * @param block an initialised block
     * @param manager manager for the parameter store (no arrays are created in it)
     * @param training the {@code training} argument passed to {@code Block.forward}
     * @return the adapter
     */
    public static BlockModel of(Block block, NDManager manager, boolean training) {
        return new BlockModel(block, manager, training);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray forward(NDArray x) {
        NDArray out = block.forward(store, new NDList(x), training).singletonOrThrow();
        long n = x.getShape().get(0);
        if (out.getShape().size() != n) {
            throw new IllegalArgumentException(
                    "block: output shape " + out.getShape() + " is not [N] or [N, 1]");
        }
        return out.getShape().dimension() == 1 ? out : out.reshape(n);
    }

    /** {@inheritDoc} */
    @Override
    public List<NamedParameter> parameters() {
        return parameters;
    }
}
