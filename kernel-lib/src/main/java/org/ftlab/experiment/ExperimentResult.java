package org.ftlab.experiment;

import org.ftlab.claims.ClaimList;
import org.ftlab.report.Displayable;
import org.ftlab.util.Json;

/**
 * What an experiment returns: it shows itself in a notebook ({@link Displayable}), prints itself as
 * JSON on the command line and lists the claims it measured ({@link #claims()}; empty for a plain
 * computation such as one NTK).
 */
public interface ExperimentResult extends Displayable {
  /** The claims this result measured, each with its interval and verdict. */
  ClaimList claims();

  /** The result's numbers as one JSON object (the command line prints it). */
  Json json();
}
