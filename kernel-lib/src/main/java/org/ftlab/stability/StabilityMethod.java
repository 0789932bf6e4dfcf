package org.ftlab.stability;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The fine-tuning methods compared in Table 2-4 of paper 2 (Fu et al., §4.1), as run by
 * {@link GlueStability} on a pretrained encoder in its HEAD and FULL modes. Every constant is an
 * option of {@link GlueStability.Builder}; defaults are given there.
 */
public enum StabilityMethod {
  /** Plain fine-tuning: mean cross-entropy of one linear head (eq. 4 with ℓ = cross-entropy). */
  FINETUNE,
  /**
   * MixOut (Lee et al. 2019): during training each weight-matrix element is replaced by its start
   * value w0 with probability p and the result rescaled, (m·w0 + (1−m)·w − p·w0)/(1−p), so its
   * expectation is w; plain w at evaluation.
   */
  MIXOUT,
  /**
   * LNSR, layer-wise noise stability regularisation (Hua et al. 2021): Gaussian noise ε ~ N(0, σ²)
   * on the input of the trained layers and the penalty weight·||f(x + ε) − f(x)||².
   */
  LNSR,
  /** Max-margin regulariser, eq. (8)-(9): loss + α / (1 + ||class-centre distance||). */
  MMR,
  /** Multi-head loss, eq. (10): H heads trained jointly, averaged at test time (§3.2). */
  MHLOSS,
  /**
   * Self unsupervised re-training (§3.3): masked-language-model re-training of the encoder on the
   * task's own training text (no labels), then plain fine-tuning.
   */
  SURT;

  /** Lower-case name as used on the command line ({@code finetune}, {@code mixout}, ...). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The accepted names, lower case, comma separated. */
  public static String accepted() {
    return Arrays.stream(values()).map(StabilityMethod::cliName).collect(Collectors.joining(", "));
  }

  /**
   * Parses a method name, case-insensitive ({@code "mhloss"}, {@code "MMR"}, ...).
   *
   * @throws IllegalArgumentException with a one-line message listing the accepted values
   */
  public static StabilityMethod parse(String name) {
    if (name != null) {
      String key = name.trim().toUpperCase(Locale.ROOT).replace("-", "");
      for (StabilityMethod m : values()) {
        if (m.name().equals(key)) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException("method: unknown '" + name + "'; accepted: " + accepted());
  }
}
