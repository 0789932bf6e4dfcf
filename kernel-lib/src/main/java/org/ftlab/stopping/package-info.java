/**
 * The data-dependent early-stopping rule of paper 1 (Sun &amp; Raskutti, &sect;3.5, &sect;6,
 * appendix B.1) after Raskutti, Wainwright &amp; Yu (JMLR 2014), and its kernel counterparts.
 *
 * <ul>
 *   <li>{@link org.ftlab.stopping.RademacherComplexity}: R&#770;<sub>K</sub>(&rho;), eq. (10);</li>
 *   <li>{@link org.ftlab.stopping.CriticalRadius}: &rho;&#770;<sub>N</sub>, eq. (11);</li>
 *   <li>{@link org.ftlab.stopping.StoppingRule}: T&#770;<sub>max</sub> and T&#770;<sub>op</sub>,
 *       eq. (26), (35)-(36);</li>
 *   <li>{@link org.ftlab.stopping.KernelGradientDescent}: closed-form GD on the linearised model
 *       with bias, variance and risk, eq. (33)-(34);</li>
 *   <li>{@link org.ftlab.stopping.KernelRidge}: KRR of eq. (27)-(28) and the GD/KRR comparison of
 *       &sect;6.2;</li>
 *   <li>{@link org.ftlab.stopping.HoldOutStopping}: the hold-out rule used in practice;</li>
 *   <li>{@link org.ftlab.stopping.EarlyStopping}: facade returning
 *       {@link org.ftlab.stopping.EarlyStoppingResult} (backs {@code ./ftlab stop}).</li>
 * </ul>
 *
 * Normalisation throughout: K is the empirical kernel matrix already divided by N (eq. (5),
 * (7)), y and predictions are in residual coordinates around f<sub>PT</sub>, losses are
 * (1/2N)||y - f||&sup2; and risks the L&sup2;(P<sub>N</sub>) norm of eq. (33).
 */
package org.ftlab.stopping;
