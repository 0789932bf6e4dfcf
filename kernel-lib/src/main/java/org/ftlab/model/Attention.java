package org.ftlab.model;

import ai.djl.ndarray.NDArray;

/**
 * Multi-head attention of eq. (3)-(4) of paper 1, batched, with the weights of all heads stacked:
 * {@code W^Q, W^K : [H, d_in, d^G]}, {@code W^V : [H, d_in, d]}, {@code W^O : [H d, d]}.
 */
final class Attention {

    private Attention() {}

    /**
     * {@code f^l = [f^{l1}, ..., f^{lH}] W^{l,O}} with {@code f^{lh} = ζ(c_s Q_h K_h^T) V_h} (eq.
     * 3-4), where {@code c_s} is {@code 1/d^G} (paper) or {@code 1/sqrt(d^G)}, times the
     * parameterization multipliers.
     *
     * @param g input {@code g^{l-1}}, shape {@code [N, T, d_in]}
     * @param wq stacked {@code W^{lh,Q}}, {@code [H, d_in, dG]}
     * @param wk stacked {@code W^{lh,K}}, {@code [H, d_in, dG]}
     * @param wv stacked {@code W^{lh,V}}, {@code [H, d_in, d]}
     * @param wo {@code W^{l,O}}, {@code [H d, d]}
     * @param scoreScale multiplier of {@code Q_h K_h^T} inside the softmax (includes the NTK
     *     multipliers of {@code W^Q} and {@code W^K})
     * @param outScale multiplier of the output (the NTK multipliers of {@code W^V} and {@code
     *     W^O}; 1 in standard parameterization)
     * @return {@code f^l}, shape {@code [N, T, d]}, attached to {@code g}'s manager
     */
    static NDArray forward(
            NDArray g,
            NDArray wq,
            NDArray wk,
            NDArray wv,
            NDArray wo,
            double scoreScale,
            double outScale) {
        long n = g.getShape().get(0);
        long t = g.getShape().get(1);
        long h = wq.getShape().get(0);
        long d = wv.getShape().get(2);
        NDArray gh = g.expandDims(1); // [N, 1, T, d_in]
        NDArray q = gh.matMul(wq); // [N, H, T, dG]
        NDArray k = gh.matMul(wk);
        NDArray v = gh.matMul(wv); // [N, H, T, d]
        NDArray s = Autograd.mul(q.matMul(k.transpose(0, 1, 3, 2)), scoreScale); // S_h, eq. (8)
        NDArray p = s.softmax(3); // P_h
        NDArray a = p.matMul(v); // A_h = P_h V_h
        NDArray cat = a.transpose(0, 2, 1, 3).reshape(n, t, h * d); // [f^{l1}, ..., f^{lH}]
        NDArray out = cat.matMul(wo);
        return outScale == 1.0 ? out : Autograd.mul(out, outScale);
    }
}
