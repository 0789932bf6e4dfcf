/**
 * Eigenvalue spectra of empirical kernel matrices and their decay (paper 1, Sun &amp; Raskutti,
 * &sect;6.3, &sect;7.1, appendix A.3).
 *
 * <ul>
 *   <li>{@link org.ftlab.spectrum.SymmetricEigen}: validated symmetric PSD eigendecomposition
 *       (EJML), eigenvalues descending;</li>
 *   <li>{@link org.ftlab.spectrum.BetaFit}: least-squares &beta; from
 *       log(&lambda;<sub>k</sub>/&lambda;<sub>1</sub>) vs log k, eq. (31)-(32), and the rate
 *       N<sup>-2&beta;/(2&beta;+1)</sup> of eq. (30);</li>
 *   <li>{@link org.ftlab.spectrum.BetaEstimator}: &beta; mean &plusmn; sd over random principal
 *       submatrices, as in &sect;7.1;</li>
 *   <li>{@link org.ftlab.spectrum.PowerLawTail}: Clauset-Shalizi-Newman power-law tail fit and
 *       the relation &alpha; = 1 + 1/(2&beta;).</li>
 * </ul>
 */
package org.ftlab.spectrum;
