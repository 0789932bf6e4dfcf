/**
 * Empirical neural tangent kernel matrices {@code K = J J^T / N} (eq. 7 of paper 1, with the
 * width normalisation of eq. 37): exact under a memory budget, or an unbiased random sketch.
 */
package org.ftlab.ntk;
