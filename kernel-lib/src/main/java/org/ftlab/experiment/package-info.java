/**
 * The experiments layer: one class per figure, table or claim of a paper ({@code org.ftlab.paper1},
 * {@code org.ftlab.paper2}) or per computation the command line offers, each with an immutable
 * options record whose defaults are declared once per run size ({@link org.ftlab.experiment.RunMode}),
 * a {@code run} and a result that offers its {@code claims()}.
 *
 * <p>The three front ends are thin adapters over the same record: the command line
 * ({@code ./ftlab <name> --option value}), the notebook helpers ({@code run("name", "--option
 * value")}) and the magics; {@link org.ftlab.experiment.OptionsBinder} derives their options,
 * help texts and defaults from the record's components. {@link org.ftlab.experiment.Ledger} stores
 * each claim on its own under {@code results/claims/} and assembles {@code results/REPRODUCTION.md}.
 */
package org.ftlab.experiment;
