/**
 * Claims of the two papers and their verdicts: what the paper states and its number
 * ({@link org.ftlab.claims.Claim}), what we measured with its confidence interval
 * ({@link org.ftlab.stats.Interval}), and the verdict a stated rule draws from the two
 * ({@link org.ftlab.claims.Expectation#judge}): reproduced, partly, not reproduced, inconclusive or
 * not comparable. {@link org.ftlab.claims.ClaimList} shows a list of claims in a notebook.
 */
package org.ftlab.claims;
