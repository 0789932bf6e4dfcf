package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.Tokenized;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SURT's masked-LM head and masking rule (paper 2, §3.3; Devlin et al. 2019). */
class MaskedLmTest {
  private static NDManager manager;
  private static BertEncoder enc;
  private static BertTokenizer tok;

  @BeforeAll
  static void load() {
    manager = NDManager.newBaseManager();
    enc = PretrainedModels.load("minilm", manager);
    tok = PretrainedModels.tokenizer("minilm", 32);
  }

  @AfterAll
  static void free() {
    tok.close();
    enc.close();
    manager.close();
  }

  @Test
  void maskingFollowsThe15And80_10_10Rule() {
    assertEquals(List.of(101L, 103L, 102L), java.util.Arrays.stream(tok.encode("[MASK]").ids()[0])
        .boxed().toList(), "[MASK] is id 103 in this vocabulary");
    int rows = 400;
    int t = 60;
    long[][] ids = new long[rows][t];
    long[][] mask = new long[rows][t];
    long[][] types = new long[rows][t];
    SplittableRandom gen = new SplittableRandom(1);
    int eligible = 0;
    for (int i = 0; i < rows; i++) {
      int len = 20 + gen.nextInt(t - 20);
      for (int j = 0; j < t; j++) {
        if (j >= len) {
          continue; // padding: id 0, mask 0
        }
        mask[i][j] = 1;
        ids[i][j] = j == 0 ? 101 : j == len - 1 || j == len / 2 ? 102 : 1000 + gen.nextInt(29000);
        eligible += ids[i][j] >= 1000 ? 1 : 0;
      }
    }
    MaskedLm.Masked m = MaskedLm.mask(new Tokenized(ids, mask, types), 0.15, 30522,
        new SplittableRandom(2));
    int sel = m.selected();
    double se = Math.sqrt(0.15 * 0.85 / eligible);
    assertEquals(0.15, (double) sel / eligible, 5 * se, "15% of the " + eligible
        + " real tokens selected, within 5 standard errors");
    double se8 = Math.sqrt(0.8 * 0.2 / sel);
    double se1 = Math.sqrt(0.1 * 0.9 / sel);
    assertEquals(0.8, (double) m.masked() / sel, 5 * se8, "80% of the selected become [MASK]");
    assertEquals(0.1, (double) m.random() / sel, 5 * se1, "10% become a random token");
    assertEquals(0.1, (double) m.kept() / sel, 5 * se1, "10% stay unchanged");
    assertEquals(sel, m.masked() + m.random() + m.kept());
    int masks = 0;
    for (int k = 0; k < sel; k++) {
      int i = m.rows()[k];
      int j = m.cols()[k];
      assertTrue(ids[i][j] >= 1000, "never a special or padding position: id " + ids[i][j]);
      assertEquals(ids[i][j], m.targets()[k], "target is the original id");
      masks += m.input().ids()[i][j] == 103 ? 1 : 0;
    }
    assertEquals(m.masked(), masks, "[MASK] written exactly at the masked positions");
    int changed = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < t; j++) {
        changed += m.input().ids()[i][j] != ids[i][j] ? 1 : 0;
      }
    }
    assertTrue(changed <= m.masked() + m.random(), "nothing else changes");
  }

  @Test
  void decoderIsTiedToTheWordEmbeddings() {
    try (NDManager scope = manager.newSubManager(); MaskedLm mlm = new MaskedLm(enc, false, scope)) {
      NDArray e = enc.parameters().get("embeddings.word_embeddings.weight");
      assertSame(e, mlm.decoderWeight(), "the decoder is the word-embedding array itself");
      float[] h = new float[enc.hiddenSize()];
      for (int j = 0; j < h.length; j++) {
        h[j] = (float) Math.sin(j);
      }
      NDArray hs = scope.create(h, new Shape(1, h.length));
      double before = mlm.logits(hs).get(0, 2054).getFloat();
      float[] row = e.get(2054).toFloatArray();
      double dot = 0;
      for (int j = 0; j < h.length; j++) {
        dot += h[j] * row[j];
      }
      assertEquals(dot, before, 1e-3, "logit = h · E_word[2054] + 0 (bias starts at 0), tol 1e-3");
      // writing into E changes the decoder: shared storage
      Autograd.noGrad(() -> e.set(new ai.djl.ndarray.index.NDIndex("2054"),
          scope.create(row).add(1f)));
      double after = mlm.logits(hs).get(0, 2054).getFloat();
      double sumH = 0;
      for (float v : h) {
        sumH += v;
      }
      assertEquals(before + sumH, after, 1e-3, "E[2054] += 1 moves the logit by Σ h_j");
      Autograd.noGrad(() -> e.set(new ai.djl.ndarray.index.NDIndex("2054"), scope.create(row)));
    }
  }

  @Test
  void mlmLossDecreasesOnATinyCorpus() {
    List<String> corpus = List.of("the cat sat on the mat .", "a dog chased the red ball .",
        "birds fly south in the winter .", "she reads a book every night .");
    try (NDManager scope = manager.newSubManager(); NDManager copy = manager.newSubManager()) {
      // keep the pretrained weights: this test trains the shared encoder
      java.util.Map<String, NDArray> saved = new java.util.LinkedHashMap<>();
      Autograd.noGrad(() -> enc.parameters().forEach((k, v) -> {
        NDArray c = v.duplicate();
        c.attach(copy);
        saved.put(k, c);
      }));
      try (MaskedLm mlm = new MaskedLm(enc, false, scope)) {
        Tokenized batch = tok.encode(corpus);
        MaskedLm.Masked fixed = MaskedLm.mask(batch, 0.3, mlm.vocabularySize(), new SplittableRandom(5));
        assertTrue(fixed.selected() > 0, "some tokens selected");
        double before;
        try (NDManager s = scope.newSubManager()) {
          before = Autograd.noGrad(() -> mlm.loss(fixed, s).getFloat());
        }
        double[] curve = mlm.train(List.of(batch), 4, 5e-4, 0.3, 7L, false);
        double after;
        try (NDManager s = scope.newSubManager()) {
          after = Autograd.noGrad(() -> mlm.loss(fixed, s).getFloat());
        }
        assertTrue(after < 0.8 * before, "MLM loss on a fixed masking falls by > 20% after 4 AdamW steps (lr 5e-4): "
            + before + " -> " + after + " (curve " + java.util.Arrays.toString(curve) + ")");
        assertNotEquals(saved.get("embeddings.word_embeddings.weight").getFloat(2054, 0),
            enc.wordEmbeddings().getFloat(2054, 0), "tied decoder: MLM training moved E_word");
      } finally {
        Autograd.noGrad(() -> saved.forEach((k, v) -> Autograd.assign(enc.parameters().get(k), v)));
      }
    }
  }

  /**
   * Issue 5: SURT's loss curve was NaN or differed between runs of the same seed. DJL's
   * {@code a.div(n)} / {@code a.mul(c)} hand autograd a 0-d tensor over a Java direct buffer that
   * they close at once; a garbage collection between forward and backward frees it, and the
   * backward pass scales gradients by whatever {@code free()} wrote there. Here a collection is
   * forced between the forward and the backward pass of the MLM loss (the decoder's mean over the
   * selected tokens, the encoder's 1/sqrt(32) attention scale).
   */
  @Test
  void lossGradientsDoNotChangeWhenTheGarbageCollectorRunsBeforeBackward() throws Exception {
    List<String> corpus = List.of("the cat sat on the mat .", "a dog chased the red ball .");
    Tokenized batch = tok.encode(corpus);
    String probe = "encoder.layer.0.attention.self.query.weight";
    try (NDManager scope = manager.newSubManager(); MaskedLm mlm = new MaskedLm(enc, false, scope)) {
      MaskedLm.Masked m = MaskedLm.mask(batch, 0.3, mlm.vocabularySize(), new SplittableRandom(5));
      int sel = m.selected();
      assertTrue(sel > 0, "some tokens selected");
      enc.setTrainable(n -> true);
      List<NamedParameter> params = new ArrayList<>();
      enc.parameters().forEach((k, v) -> params.add(new NamedParameter(k, v)));
      params.addAll(mlm.headParameters());
      NDArray bias = mlm.headParameters().get(0).array();
      float[][] biasGrad = new float[2][];
      float[][] probeGrad = new float[2][];
      double[] loss = new double[2];
      float[] expected = null;
      for (int run = 0; run < 2; run++) {
        Autograd.zeroGradients(params);
        try (NDManager s = scope.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray l = mlm.loss(m, s);
          loss[run] = l.getFloat();
          if (run == 0) {
            // closed form of the bias gradient: (1/M) Σ_k (softmax(logits_k) − e_{target_k})
            float[] p = Autograd.noGrad(() -> mlm.selectedLogits(m, s).softmax(1).toFloatArray());
            int v = mlm.vocabularySize();
            expected = new float[v];
            for (int k = 0; k < sel; k++) {
              for (int j = 0; j < v; j++) {
                expected[j] += p[k * v + j] / sel;
              }
              expected[(int) m.targets()[k]] -= 1f / sel;
            }
          } else {
            collectGarbage();
          }
          gc.backward(l);
        }
        try (NDArray g = bias.getGradient(); NDArray q = enc.parameters().get(probe).getGradient()) {
          biasGrad[run] = g.toFloatArray();
          probeGrad[run] = q.toFloatArray();
        }
      }
      assertEquals(loss[0], loss[1], 0.0, "same masking, same parameters: same loss");
      for (int run = 0; run < 2; run++) {
        String when = run == 0 ? "without" : "with a forced GC";
        for (int j = 0; j < expected.length; j++) {
          assertEquals(expected[j], biasGrad[run][j], 1e-6f, "dL/d bias[" + j + "] " + when
              + " = (softmax − one-hot)/M, closed form, tol 1e-6");
        }
      }
      double maxDiff = 0;
      double maxAbs = 0;
      for (int j = 0; j < probeGrad[0].length; j++) {
        assertTrue(Float.isFinite(probeGrad[1][j]), probe + " gradient finite after a GC");
        maxDiff = Math.max(maxDiff, Math.abs(probeGrad[0][j] - probeGrad[1][j]));
        maxAbs = Math.max(maxAbs, Math.abs(probeGrad[0][j]));
      }
      assertTrue(maxAbs > 0, "the probe parameter gets a gradient");
      assertTrue(maxDiff <= 1e-5 * maxAbs, "dL/d " + probe + " with a forced GC between forward and"
          + " backward equals the one without, tol 1e-5 · max|g| = " + 1e-5 * maxAbs + ", max diff "
          + maxDiff);
    }
  }

  /**
   * Same seed, same numbers (CONTRIBUTING): two MLM re-trainings from the same weights give
   * bit-identical loss curves and weights. Measured on the 2-core machine: also bit-identical
   * between two runs with 2 intra-op threads; 1 versus 2 threads moved weights by at most 6e-8.
   */
  @Test
  void mlmTrainingWithTheSameSeedIsBitIdentical() throws Exception {
    List<String> corpus = List.of("the cat sat on the mat .", "a dog chased the red ball .",
        "birds fly south in the winter .", "she reads a book every night .");
    Tokenized batch = tok.encode(corpus);
    String probe = "encoder.layer.5.output.dense.weight";
    try (NDManager scope = manager.newSubManager(); NDManager copy = manager.newSubManager()) {
      java.util.Map<String, NDArray> saved = new java.util.LinkedHashMap<>();
      Autograd.noGrad(() -> enc.parameters().forEach((k, v) -> {
        NDArray c = v.duplicate();
        c.attach(copy);
        saved.put(k, c);
      }));
      double[][] curve = new double[2][];
      float[][] emb = new float[2][];
      float[][] w = new float[2][];
      try {
        for (int run = 0; run < 2; run++) {
          Autograd.noGrad(() -> saved.forEach((k, v) -> Autograd.assign(enc.parameters().get(k), v)));
          try (MaskedLm mlm = new MaskedLm(enc, false, scope)) {
            curve[run] = mlm.train(List.of(batch, batch.rows(0, 2)), 3, 5e-4, 0.3, 11L, false);
          }
          emb[run] = enc.wordEmbeddings().get("1000:1100").toFloatArray();
          w[run] = enc.parameters().get(probe).toFloatArray();
          collectGarbage();
        }
      } finally {
        Autograd.noGrad(() -> saved.forEach((k, v) -> Autograd.assign(enc.parameters().get(k), v)));
      }
      for (double c : curve[0]) {
        assertTrue(Double.isFinite(c), "finite MLM losses " + java.util.Arrays.toString(curve[0]));
      }
      org.junit.jupiter.api.Assertions.assertArrayEquals(curve[0], curve[1], 0.0,
          "same seed: bit-identical loss curves, tol 0");
      org.junit.jupiter.api.Assertions.assertArrayEquals(emb[0], emb[1], 0f,
          "same seed: bit-identical E_word rows 1000..1099, tol 0");
      org.junit.jupiter.api.Assertions.assertArrayEquals(w[0], w[1], 0f,
          "same seed: bit-identical " + probe + ", tol 0");
    }
  }

  /** Runs the garbage collector until the JVM's direct buffers stop being freed. */
  static void collectGarbage() throws InterruptedException {
    java.lang.management.BufferPoolMXBean direct = java.lang.management.ManagementFactory
        .getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    long before;
    int rounds = 0;
    do {
      before = direct.getCount();
      System.gc();
      Thread.sleep(20);
    } while (direct.getCount() < before && ++rounds < 20);
  }
}
