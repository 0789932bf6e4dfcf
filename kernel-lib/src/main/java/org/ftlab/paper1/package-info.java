/**
 * Paper 1 (Sun &amp; Raskutti, early stopping and the empirical NTK), one experiment per figure,
 * table or claim: each has an options record whose defaults are declared once per run size, a
 * {@code compute} and a result with its claims ({@code P1-C1..C9}, plus {@code P1-X...} for the
 * further computable statements the notebooks check). The building blocks live in the concept
 * packages ({@code ntk}, {@code spectrum}, {@code stopping}, {@code taskvector}, ...).
 */
package org.ftlab.paper1;
