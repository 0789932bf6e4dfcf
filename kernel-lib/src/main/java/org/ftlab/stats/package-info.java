/**
 * Confidence intervals for the claims of both papers: the statistics that turn seeds, draws and
 * sample sizes into an estimate with its uncertainty ({@link org.ftlab.stats.Interval}).
 *
 * <p>Every function validates its input and names it: an empty sample, a NaN or an infinite value
 * is an {@link IllegalArgumentException} whose message starts with the quantity's name, never a
 * NaN interval. Quantiles come from Apache Commons Statistics.
 */
package org.ftlab.stats;
