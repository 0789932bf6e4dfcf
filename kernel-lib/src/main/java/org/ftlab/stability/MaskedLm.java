package org.ftlab.stability;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.Tokenized;
import org.ftlab.util.Progress;

/**
 * The masked-language-model re-training of SURT (paper 2, §3.3; the MLM task of Devlin et al.
 * 2019) for the shipped encoders, which come without an MLM head.
 *
 * <p><b>Head.</b> The decoder is tied to the word embeddings, as in BERT:
 * {@code logits = T(h)·E_wordᵀ + b} with {@code E_word} the encoder's live
 * {@link BertEncoder#wordEmbeddings()} array (same storage, so MLM training also moves the input
 * embeddings) and a bias {@code b ∈ R^V} starting at 0. {@code T} is either the identity (default)
 * or, with {@code transform = true}, BERT's {@code LayerNorm(GELU(h·W_t + b_t))} with {@code W_t = I},
 * {@code b_t = 0}, LayerNorm gain 1, shift 0 (the pretrained transform is not shipped, so it starts
 * as close to the identity as a GELU allows).
 *
 * <p><b>Masking</b> (Devlin et al. 2019, §3.1): each real, non-special token (not {@code [CLS]},
 * {@code [SEP]}, {@code [PAD]}) is selected with probability {@code maskProbability} (0.15); a
 * selected token becomes {@code [MASK]} with probability 0.8, a token drawn uniformly from the whole
 * vocabulary with probability 0.1 (as HuggingFace's collator does), and stays unchanged with
 * probability 0.1. The loss is the mean cross-entropy of the original ids at the selected positions.
 */
final class MaskedLm implements AutoCloseable {
  static final long PAD = 0;
  static final long CLS = 101;
  static final long SEP = 102;
  static final long MASK = 103;

  /** What happened to the selected positions of a batch. */
  record Masked(Tokenized input, int[] rows, int[] cols, long[] targets, int masked, int random,
      int kept) {
    int selected() {
      return rows.length;
    }
  }

  private final BertEncoder enc;
  private final NDManager manager;
  private final NDArray bias;
  private final NDArray transformW;
  private final NDArray transformB;
  private final NDArray lnGamma;
  private final NDArray lnBeta;
  private final int vocab;

  MaskedLm(BertEncoder enc, boolean transform, NDManager parent) {
    this.enc = enc;
    this.manager = parent.newSubManager();
    NDArray e = enc.wordEmbeddings();
    this.vocab = Math.toIntExact(e.getShape().get(0));
    int d = enc.hiddenSize();
    bias = manager.zeros(new Shape(vocab));
    bias.setRequiresGradient(true);
    if (transform) {
      transformW = manager.eye(d);
      transformW.setRequiresGradient(true);
      transformB = manager.zeros(new Shape(d));
      transformB.setRequiresGradient(true);
      lnGamma = manager.ones(new Shape(d));
      lnGamma.setRequiresGradient(true);
      lnBeta = manager.zeros(new Shape(d));
      lnBeta.setRequiresGradient(true);
    } else {
      transformW = null;
      transformB = null;
      lnGamma = null;
      lnBeta = null;
    }
  }

  /** The decoder matrix: the encoder's word-embedding array itself (tied weights). */
  NDArray decoderWeight() {
    return enc.wordEmbeddings();
  }

  int vocabularySize() {
    return vocab;
  }

  /** The head's own parameters (decoder bias, and the transform if any). */
  List<NamedParameter> headParameters() {
    List<NamedParameter> out = new ArrayList<>();
    out.add(new NamedParameter("mlm.bias", bias));
    if (transformW != null) {
      out.add(new NamedParameter("mlm.transform.weight", transformW));
      out.add(new NamedParameter("mlm.transform.bias", transformB));
      out.add(new NamedParameter("mlm.transform.LayerNorm.weight", lnGamma));
      out.add(new NamedParameter("mlm.transform.LayerNorm.bias", lnBeta));
    }
    return out;
  }

  /** Applies BERT's 80/10/10 rule to a copy of the batch's ids (the input is not changed). */
  static Masked mask(Tokenized batch, double probability, int vocab, SplittableRandom rnd) {
    long[][] ids = new long[batch.batchSize()][];
    List<int[]> pos = new ArrayList<>();
    List<Long> targets = new ArrayList<>();
    int masked = 0;
    int random = 0;
    int kept = 0;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = batch.ids()[i].clone();
      for (int j = 0; j < ids[i].length; j++) {
        long id = ids[i][j];
        if (batch.mask()[i][j] == 0 || id == PAD || id == CLS || id == SEP) {
          continue;
        }
        if (rnd.nextDouble() >= probability) {
          continue;
        }
        pos.add(new int[] {i, j});
        targets.add(id);
        double u = rnd.nextDouble();
        if (u < 0.8) {
          ids[i][j] = MASK;
          masked++;
        } else if (u < 0.9) {
          ids[i][j] = rnd.nextInt(vocab);
          random++;
        } else {
          kept++;
        }
      }
    }
    int[] rows = pos.stream().mapToInt(a -> a[0]).toArray();
    int[] cols = pos.stream().mapToInt(a -> a[1]).toArray();
    long[] t = targets.stream().mapToLong(Long::longValue).toArray();
    return new Masked(new Tokenized(ids, batch.mask(), batch.typeIds()), rows, cols, t, masked,
        random, kept);
  }

  /** MLM logits {@code [M, V]} of hidden states already gathered at the selected positions. */
  NDArray logits(NDArray selectedHidden) {
    NDArray h = selectedHidden;
    if (transformW != null) {
      h = Activation.gelu(h.matMul(transformW).add(transformB));
      h = LayerNorm.layerNorm(h, new Shape(h.getShape().get(1)), lnGamma, lnBeta, 1e-12f)
          .singletonOrThrow();
    }
    // Linear.linear(h, E, b) = h·Eᵀ + b, made in h's manager (E's own manager is the encoder's)
    return Linear.linear(h, enc.wordEmbeddings(), bias).singletonOrThrow();
  }

  /**
   * Mean cross-entropy of the original tokens at the selected positions; {@code null} when none
   * was selected. Arrays are made in {@code scope}.
   */
  NDArray loss(Masked m, NDManager scope) {
    int sel = m.selected();
    if (sel == 0) {
      return null;
    }
    NDArray logp = selectedLogits(m, scope).logSoftmax(1);
    float[] oneHot = new float[sel * vocab];
    for (int k = 0; k < sel; k++) {
      oneHot[(int) (k * (long) vocab + m.targets()[k])] = 1f;
    }
    // Autograd.div, not div(sel): DJL's div(Number) leaves autograd a 0-d tensor the GC frees
    return Autograd.div(logp.mul(scope.create(oneHot, new Shape(sel, vocab))).sum().neg(), sel);
  }

  /** MLM logits {@code [M, V]} at the {@code M >= 1} selected positions; arrays made in {@code scope}. */
  NDArray selectedLogits(Masked m, NDManager scope) {
    int sel = m.selected();
    NDArray hidden = enc.forward(m.input(), scope); // [B, T, d]
    long b = hidden.getShape().get(0);
    long t = hidden.getShape().get(1);
    int d = enc.hiddenSize();
    float[] pick = new float[Math.toIntExact(sel * b * t)];
    for (int k = 0; k < sel; k++) {
      pick[(int) (k * b * t + m.rows()[k] * t + m.cols()[k])] = 1f;
    }
    NDArray s = scope.create(pick, new Shape(sel, b * t));
    NDArray hs = s.matMul(hidden.reshape(b * t, d)); // [M, d]
    return logits(hs);
  }

  /**
   * Re-trains every encoder parameter and the head with {@link AdamW} (fixed learning rate, no
   * weight decay; its moments are freed with this head) for {@code steps} mini-batches of the given texts, cycling through them in a seeded
   * random order.
   *
   * @param batches tokenized mini-batches of the training text (no labels)
   * @return the MLM loss of every step (NaN for a batch where no token was selected)
   */
  double[] train(List<Tokenized> batches, int steps, double lr, double maskProbability, long seed,
      boolean progress) {
    enc.setTrainable(n -> true);
    List<NamedParameter> params = new ArrayList<>();
    enc.parameters().forEach((k, v) -> params.add(new NamedParameter(k, v)));
    params.addAll(headParameters());
    AdamW opt = new AdamW(lr, manager);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] curve = new double[steps];
    int[] order = new int[batches.size()];
    int at = order.length;
    try (Progress pr = progress ? Progress.start("SURT: MLM re-training of " + enc.name(), steps)
        : Progress.silent("SURT", steps)) {
      for (int step = 0; step < steps; step++) {
        if (at == order.length) {
          for (int i = 0; i < order.length; i++) {
            order[i] = i;
          }
          for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
          }
          at = 0;
        }
        Masked m = mask(batches.get(order[at++]), maskProbability, vocab, rnd);
        try (NDManager scope = manager.newSubManager()) {
          Autograd.zeroGradients(params);
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = loss(m, scope);
            if (loss == null) {
              curve[step] = Double.NaN;
            } else {
              curve[step] = loss.getFloat();
              gc.backward(loss);
              opt.step(params);
            }
          }
        }
        pr.step();
      }
    }
    return curve;
  }

  @Override
  public void close() {
    manager.close();
  }
}
