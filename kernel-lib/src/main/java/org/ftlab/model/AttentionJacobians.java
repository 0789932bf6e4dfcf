package org.ftlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Closed-form Jacobians of a scalar {@code f = <C, f^l(x)>} with respect to the weights of one
 * multi-head attention layer, eq. (8)-(9) of paper 1 (equivalently eq. 55, 59-63), for one input
 * {@code g = g^{l-1}(x) ∈ R^{T×d_in}}. {@code C = ∂f/∂f^l} plays the role of the upstream
 * gradient {@code δ^l}: for any network whose output depends on the layer only through {@code f^l},
 * the chain rule makes {@code C} the back-propagated gradient.
 *
 * <p>With {@code Q_h = g W^{lh,Q}}, {@code K_h = g W^{lh,K}}, {@code V_h = g W^{lh,V}}, {@code
 * S_h = c_s Q_h K_h^T} ({@code c_s = 1/d^{l,G}} in the paper), {@code P_h = softmax_rows(S_h)},
 * {@code W^O_h} the rows {@code h d .. (h+1)d-1} of {@code W^{l,O}} and {@code D_h = C W^{O T}_h}
 * (the gradient w.r.t. {@code A_h = P_h V_h}):
 *
 * <pre>
 *   J(W^{l,O})  = [f^{l1}, ..., f^{lH}]^T C
 *   J(W^{lh,V}) = g^T P_h^T D_h
 *   ∂f/∂P_h     = D_h V_h^T,   (∂f/∂S_h)_{i,:} = Λ_{h,i} (∂f/∂P_h)_{i,:},  Λ_{h,i} = diag(P_{h,i}) − P_{h,i} P_{h,i}^T
 *   J(W^{lh,Q}) = g^T (c_s (∂f/∂S_h) K_h)
 *   J(W^{lh,K}) = g^T (c_s (∂f/∂S_h)^T Q_h)
 * </pre>
 *
 * The paper's eq. (9) writes {@code ∂f^{L+1}/∂f^{lh}} for {@code δ^l} and leaves transposes
 * implicit; the formulas above are the dimensionally consistent reading, checked against autograd
 * in the tests. Only plain NDArray operations are used (no autograd). The Jacobians are for the
 * effective weights {@code W}; under NTK parameterization multiply by {@code σ/sqrt(fan_in)} to
 * get those of the trainable {@code w}.
 */
public final class AttentionJacobians {

    private final NDArray wrtQuery;
    private final NDArray wrtKey;
    private final NDArray wrtValue;
    private final NDArray wrtOutput;
    private final NDArray softmaxJacobian;
    private final NDArray layerOutput;

    private AttentionJacobians(
            NDArray wrtQuery,
            NDArray wrtKey,
            NDArray wrtValue,
            NDArray wrtOutput,
            NDArray softmaxJacobian,
            NDArray layerOutput) {
        this.wrtQuery = wrtQuery;
        this.wrtKey = wrtKey;
        this.wrtValue = wrtValue;
        this.wrtOutput = wrtOutput;
        this.softmaxJacobian = softmaxJacobian;
        this.layerOutput = layerOutput;
    }

    /**
     * Evaluates eq. (8)-(9). All results are attached to {@code g}'s manager.
     *
     * @param g layer input {@code g^{l-1}}, {@code [T, d_in]}
     * @param wq stacked {@code W^{lh,Q}}, {@code [H, d_in, dG]}
     * @param wk stacked {@code W^{lh,K}}, {@code [H, d_in, dG]}
     * @param wv stacked {@code W^{lh,V}}, {@code [H, d_in, d]}
     * @param wo {@code W^{l,O}}, {@code [H d, d]}
     * @param scoreScale {@code c_s}, e.g. {@code 1/d^{l,G}}
     * @param upstream {@code C = ∂f/∂f^l}, {@code [T, d]}
     * @return the Jacobians
     */
    public static AttentionJacobians compute(
            NDArray g,
            NDArray wq,
            NDArray wk,
            NDArray wv,
            NDArray wo,
            double scoreScale,
            NDArray upstream) {
        Shape gs = g.getShape();
        if (gs.dimension() != 2) {
            throw new IllegalArgumentException("g: shape " + gs + ", expected [T, d_in]");
        }
        long t = gs.get(0);
        long din = gs.get(1);
        long h = wq.getShape().get(0);
        long dg = wq.getShape().get(2);
        long d = wv.getShape().get(2);
        check("wq", wq, new Shape(h, din, dg));
        check("wk", wk, new Shape(h, din, dg));
        check("wv", wv, new Shape(h, din, d));
        check("wo", wo, new Shape(h * d, d));
        check("upstream", upstream, new Shape(t, d));
        NDManager m = g.getManager();

        NDArray q = g.matMul(wq); // [H, T, dG]
        NDArray k = g.matMul(wk); // [H, T, dG]
        NDArray v = g.matMul(wv); // [H, T, d]
        NDArray p = Autograd.mul(q.matMul(k.transpose(0, 2, 1)), scoreScale).softmax(2); // P_h [H,T,T]
        NDArray heads = p.matMul(v); // f^{lh} = A_h, [H, T, d]
        NDArray cat = heads.transpose(1, 0, 2).reshape(t, h * d); // [f^{l1},...,f^{lH}]
        NDArray layerOut = cat.matMul(wo); // f^l, eq. (4)

        NDArray gt = g.transpose(); // [d_in, T]
        NDArray jO = cat.transpose().matMul(upstream); // [Hd, d]
        NDArray woHeads = wo.reshape(h, d, d); // W^O_h
        NDArray dA = upstream.matMul(woHeads.transpose(0, 2, 1)); // D_h = C W_h^{O T}, [H,T,d]
        NDArray jV = gt.matMul(p.transpose(0, 2, 1).matMul(dA)); // [H, d_in, d]

        // Λ_{h,i} = diag(P_{h,i,:}) − P_{h,i,:} P_{h,i,:}^T, stored as [H, T, T, T]
        NDArray eye = m.eye((int) t).toType(g.getDataType(), false);
        NDArray pCol = p.expandDims(3); // [H, T, T, 1]
        NDArray lambda = pCol.mul(eye).sub(pCol.matMul(p.expandDims(2)));
        NDArray dP = dA.matMul(v.transpose(0, 2, 1)); // ∂f/∂P_h, [H, T, T]
        NDArray dS = lambda.matMul(dP.expandDims(3)).squeeze(3); // ∂f/∂S_h, [H, T, T]
        NDArray jQ = Autograd.mul(gt.matMul(dS.matMul(k)), scoreScale); // [H, d_in, dG]
        NDArray jK = Autograd.mul(gt.matMul(dS.transpose(0, 2, 1).matMul(q)), scoreScale);
        return new AttentionJacobians(jQ, jK, jV, jO, lambda, layerOut);
    }

    private static void check(String name, NDArray a, Shape expected) {
        if (!a.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    name + ": shape " + a.getShape() + ", expected " + expected);
        }
    }

    /** @return {@code J(W^{lh,Q})} for all heads, {@code [H, d_in, dG]} */
    public NDArray wrtQuery() {
        return wrtQuery;
    }

    /** @return {@code J(W^{lh,K})} for all heads, {@code [H, d_in, dG]} */
    public NDArray wrtKey() {
        return wrtKey;
    }

    /** @return {@code J(W^{lh,V})} for all heads, {@code [H, d_in, d]} */
    public NDArray wrtValue() {
        return wrtValue;
    }

    /** @return {@code J(W^{l,O})}, {@code [H d, d]} */
    public NDArray wrtOutput() {
        return wrtOutput;
    }

    /** @return {@code Λ_h} of eq. (8) as its {@code T} diagonal blocks, {@code [H, T, T, T]} */
    public NDArray softmaxJacobian() {
        return softmaxJacobian;
    }

    /** @return the layer output {@code f^l(x)}, {@code [T, d]} */
    public NDArray layerOutput() {
        return layerOutput;
    }
}
