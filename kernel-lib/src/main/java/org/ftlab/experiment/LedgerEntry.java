package org.ftlab.experiment;

import java.util.Map;
import org.ftlab.claims.Claim;

/**
 * One claim as stored in {@code results/claims/ID.json}: the claim with its verdict and the run that
 * measured it.
 *
 * @param claim the claim
 * @param experiment the experiment's name
 * @param mode run size (quick, standard, full)
 * @param options the experiment's options, name → value
 * @param commit git commit of the checkout ({@code -dirty} with local changes)
 * @param date when the run ended (UTC)
 * @param cpu CPU model and cores
 * @param cpuSeconds CPU time of the process during the run
 * @param wallSeconds wall time of the run
 * @param peakRssMb peak resident memory of the process during the run (MiB; 0 if unknown)
 */
public record LedgerEntry(Claim claim, String experiment, String mode, Map<String, String> options,
    String commit, String date, String cpu, double cpuSeconds, double wallSeconds,
    double peakRssMb) {}
