/**
 * Task vectors and task arithmetic of §5.2 of paper 1 (Sun &amp; Raskutti; after Ilharco et al.
 * 2023): {@code τ = θ_FT − θ_PT} (eq. 22), negation, addition (eq. 23-25), cosine similarity
 * between task vectors and the overlap of the tasks' kernels (Assumption 5.1), with a synthetic
 * experiment ({@link org.ftlab.taskvector.TaskArithmetic}) on tasks that live on disjoint or
 * shared input subspaces.
 */
package org.ftlab.taskvector;
