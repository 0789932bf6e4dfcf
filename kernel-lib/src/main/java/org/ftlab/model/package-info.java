/**
 * Networks of paper 1 (Sun &amp; Raskutti) §3.2: the multi-head attention network of eq. (3)-(4)
 * ({@link org.ftlab.model.AttentionNetwork}), the closed-form attention Jacobians of eq. (8)-(9)
 * ({@link org.ftlab.model.AttentionJacobians}), and the {@link org.ftlab.model.DifferentiableModel}
 * interface through which any DJL model (e.g. a pretrained encoder) reaches the NTK and training
 * code.
 */
package org.ftlab.model;
