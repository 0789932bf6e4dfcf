/**
 * Numerical checks of the theory of paper 1 (Sun &amp; Raskutti) on small attention networks:
 * NTK drift and linearisation error against width (eq. 14, 17-18, Lemma 1), the fine-tuning
 * error rate against the target sample size (Theorems 1-2, eq. 15, 21, 30) and the appended-head
 * initialisation of §5.1 against linear probing and training from scratch. Each experiment is a
 * builder whose {@code run()} returns a result record that renders in notebooks ({@link
 * org.ftlab.report.Displayable}). Task arithmetic (§5.2) lives in {@code org.ftlab.taskvector}.
 */
package org.ftlab.theory;
