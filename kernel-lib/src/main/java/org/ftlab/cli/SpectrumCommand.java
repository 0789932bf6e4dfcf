package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import java.io.PrintStream;
import java.util.List;
import org.ftlab.spectrum.BetaFit;
import org.ftlab.spectrum.PowerLawTail;
import org.ftlab.spectrum.SymmetricEigen;
import org.ftlab.util.Json;
import org.ftlab.util.MatrixIo;

/**
 * {@code ./ftlab spectrum --kernel K.tsv [--window 1:50]}: eigenvalues of a kernel matrix, the decay
 * exponent beta by least squares on log(λ_k/λ_1) against log k (paper 1, A.3, eq. 31-32), and beside
 * it the maximum-likelihood power-law tail exponent with x_min chosen by Kolmogorov-Smirnov distance.
 */
final class SpectrumCommand implements Command {
  @Override
  public String name() {
    return "spectrum";
  }

  @Override
  public String summary() {
    return "eigenvalues of K, decay exponent beta (eq. 31-32) and the MLE tail exponent";
  }

  @Override
  public String example() {
    return "spectrum --kernel K.tsv --window 1:50";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.required("kernel", Option.Kind.PATH, "N x N kernel matrix, tab-separated, no header"),
        Option.of("window", Option.Kind.STRING, "", "rank window kMin:kMax for the fit "
            + "(default: every positive eigenvalue)"));
  }

  @Override
  public void run(Args args, PrintStream out) {
    double[][] k = MatrixIo.readSquare(args.path("kernel"));
    double[] ev;
    try {
      ev = SymmetricEigen.eigenvalues(k);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--kernel " + args.path("kernel") + ": " + e.getMessage());
    }
    int positive = 0;
    for (double v : ev) {
      if (v > BetaFit.DEFAULT_RELATIVE_FLOOR * ev[0]) {
        positive++;
      }
    }
    BetaFit fit;
    if (args.has("window")) {
      int[] w = window(args.string("window"));
      if (w[1] > positive) {
        throw new UsageException("--window " + args.string("window") + " is longer than the "
            + "positive spectrum (" + positive + " of " + ev.length + " eigenvalues are > "
            + BetaFit.DEFAULT_RELATIVE_FLOOR + " * lambda_1)");
      }
      fit = BetaFit.fit(ev, w[0], w[1]);
    } else {
      fit = BetaFit.fit(ev);
    }
    double[] pos = java.util.Arrays.copyOf(ev, positive);
    Json j = Json.object().put("n", ev.length).put("eigenvalues", ev)
        .put("beta", fit.beta()).put("intercept", fit.intercept()).put("r2", fit.rSquared())
        .put("window", fit.kMin() + ":" + fit.kMax())
        .put("predictedRateExponent", 2 * fit.beta() / (2 * fit.beta() + 1));
    if (positive >= PowerLawTail.DEFAULT_MIN_TAIL) {
      PowerLawTail tail = PowerLawTail.fit(pos);
      j.put("mleAlpha", tail.alpha()).put("mleAlphaStdErr", tail.standardError())
          .put("xMin", tail.xMin()).put("ksDistance", tail.ksDistance()).put("nTail", tail.nTail())
          .put("alphaFromBeta", PowerLawTail.alphaFromBeta(fit.beta()));
    }
    out.println(j);
  }

  static int[] window(String w) {
    String[] p = w.split(":");
    try {
      if (p.length == 2) {
        int a = Integer.parseInt(p[0].trim());
        int b = Integer.parseInt(p[1].trim());
        if (a >= 1 && b > a) {
          return new int[] {a, b};
        }
      }
    } catch (NumberFormatException e) {
      // fall through to the usage error
    }
    throw new UsageException("--window expects kMin:kMax with 1 <= kMin < kMax, got '" + w + "'");
  }
}
