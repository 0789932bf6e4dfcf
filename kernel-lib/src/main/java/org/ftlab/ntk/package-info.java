/**
 * Empirical neural tangent kernel matrices {@code K = J J^T / N} (eq. 7 of paper 1, with the
 * width normalisation of eq. 37): exact under a memory budget, or an unbiased random sketch
 * ({@link org.ftlab.ntk.EmpiricalNtk}). For pretrained encoders with a scalar head,
 * {@link org.ftlab.ntk.EncoderNtk} tokenizes task examples and computes their kernel, and
 * {@link org.ftlab.ntk.TaskSpectra} runs the eigenvalue-decay experiment of §7.1 (β of eq. 29 by
 * the least squares of eq. 31-32, mean ± sd over random draws).
 */
package org.ftlab.ntk;
