package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Autograd through the pretrained encoder: gradients of s(θ) = pool(f(x; θ)) · v against central
 * finite differences, per-sample gradients taken inside a padded batch against the same sample
 * alone, and per-sample gradient timing (printed, not asserted).
 */
class BertGradientTest {

    /**
     * float32 forward passes: with steps h = 1e-2 max(|θ_k|, 0.5) central differences agreed to
     * 7e-4 relative or better when this test was written.
     */
    static final double FD_REL_TOL = 1e-2;

    static NDManager manager;
    static BertEncoder enc;
    static BertTokenizer tok;
    static float[] v;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        enc = PretrainedModels.load("minilm", manager);
        tok = PretrainedModels.tokenizer("minilm", 32);
        Random r = new Random(42);
        v = new float[enc.hiddenSize()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
    }

    @AfterAll
    static void free() {
        tok.close();
        enc.close();
        manager.close();
    }

    /** s = pooled embedding of row 0 · v, as a scalar NDArray. */
    private static NDArray score(Tokenized batch, NDManager scope) {
        NDArray pooled = enc.embed(batch, scope).get(0);
        return pooled.mul(scope.create(v)).sum();
    }

    private static Map<String, NDArray> gradientOfScore(Tokenized batch, NDManager scope) {
        enc.zeroGradients();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(score(batch, scope));
        }
        return enc.gradients(scope);
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        Tokenized x = tok.encode("The quick brown fox jumps over the lazy dog.");
        long tokenId = x.ids()[0][3];
        List<String> names = List.of(
                "embeddings.word_embeddings.weight",
                "encoder.layer.0.attention.self.query.weight",
                "encoder.layer.2.attention.self.key.weight",
                "encoder.layer.3.intermediate.dense.weight",
                "encoder.layer.5.output.dense.bias",
                "encoder.layer.5.output.LayerNorm.weight");
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> grads = gradientOfScore(x, scope);
            for (String name : names) {
                NDArray p = enc.parameters().get(name);
                NDArray g = grads.get(name);
                // the entry with the largest |gradient| (in the row of one input token for the
                // word embeddings), so that the check is not a comparison of two tiny numbers
                NDIndex where;
                String at;
                if (p.getShape().dimension() == 2) {
                    NDArray search = name.startsWith("embeddings.word")
                            ? g.get(tokenId).expandDims(0) : g;
                    long flat = search.abs().argMax().getLong();
                    long cols = p.getShape().get(1);
                    long row = name.startsWith("embeddings.word") ? tokenId : flat / cols;
                    where = new NDIndex(row, flat % cols);
                    at = "[" + row + ", " + flat % cols + "]";
                } else {
                    long i = g.abs().argMax().getLong();
                    where = new NDIndex(i);
                    at = "[" + i + "]";
                }
                double analytic = g.get(where).getFloat();
                float original = p.get(where).getFloat();
                double h = 1e-2 * Math.max(Math.abs(original), 0.5);
                p.set(where, (float) (original + h));
                double plus = score(x, scope).getFloat();
                p.set(where, (float) (original - h));
                double minus = score(x, scope).getFloat();
                p.set(where, original);
                // the step actually taken in float32
                double fd = (plus - minus) / ((float) (original + h) - (float) (original - h));
                double rel = Math.abs(fd - analytic) / Math.max(Math.abs(analytic), 1e-12);
                System.out.printf("d s / d %s%s: autograd %.6g, central difference %.6g"
                        + " (h = %.2g), relative error %.2g%n",
                        name, at, analytic, fd, h, rel);
                assertTrue(rel < FD_REL_TOL, name + at + ": autograd " + analytic
                        + " vs central difference " + fd + ", relative error " + rel
                        + " exceeds " + FD_REL_TOL);
                assertEquals(original, p.get(where).getFloat(), 0f, "parameter restored");
            }
        }
    }

    @Test
    void perSampleGradientInPaddedBatchEqualsGradientAlone() {
        String shortOne = "A cat.";
        String longOne = "Two dogs are playing with a ball in the garden behind the old house.";
        try (NDManager scope = manager.newSubManager()) {
            Tokenized batch = tok.encode(List.of(shortOne, longOne));
            assertTrue(batch.realLength(0) < batch.length(), "row 0 must be padded");
            Map<String, NDArray> inBatch = gradientOfScore(batch, scope);
            // a second backward pass: zeroGradients() must stop accumulation
            Map<String, NDArray> alone = gradientOfScore(tok.encode(shortOne), scope);
            double maxDiff = 0;
            double maxAbs = 0;
            for (String name : enc.parameters().keySet()) {
                maxDiff = Math.max(maxDiff,
                        inBatch.get(name).sub(alone.get(name)).abs().max().getFloat());
                maxAbs = Math.max(maxAbs, alone.get(name).abs().max().getFloat());
            }
            System.out.printf("per-sample gradient, padded batch vs alone: max |diff| %.3g,"
                    + " max |grad| %.3g%n", maxDiff, maxAbs);
            assertTrue(maxAbs > 0, "gradient must not vanish");
            assertTrue(maxDiff < 1e-4 * maxAbs, "per-sample gradient inside a padded batch differs"
                    + " from the gradient alone by " + maxDiff + " > 1e-4 * max|grad| " + maxAbs);
        }
    }

    @Test
    void perSampleGradientTimingOn32Tokens() throws IOException {
        String text = "Fine-tuning a pretrained transformer for a few epochs is often enough,"
                + " and the empirical neural tangent kernel offers one way to explain why"
                + " early stopping works so well in practice.";
        Tokenized x = tok.encode(text);
        assertEquals(32, x.length(), "sentence truncated to maxLength = 32 tokens");
        assertEquals(102, x.ids()[0][31], "truncated row still ends with [SEP]");
        int warmup = 1;
        int runs = 3;
        long total = 0;
        long totalFlat = 0;
        double norm = 0;
        for (int i = 0; i < warmup + runs; i++) {
            try (NDManager scope = manager.newSubManager()) {
                long t0 = System.nanoTime();
                Map<String, NDArray> g = gradientOfScore(x, scope);
                long t1 = System.nanoTime();
                NDList flat = new NDList();
                for (NDArray a : g.values()) {
                    flat.add(a.flatten());
                }
                NDArray vec = NDArrays.concat(flat);
                norm = vec.norm().getFloat();
                long t2 = System.nanoTime();
                if (i >= warmup) {
                    total += t1 - t0;
                    totalFlat += t2 - t0;
                }
            }
        }
        System.out.printf("MiniLM per-sample gradient, 1 x 32 tokens, %d parameters: %.1f ms"
                        + " forward+backward, %.1f ms with one flat gradient vector; |grad| %.4g;"
                        + " %s%n", enc.parameterCount(), total / 1e6 / runs, totalFlat / 1e6 / runs,
                norm, peakRss());
        assertTrue(Double.isFinite(norm) && norm > 0, "gradient norm " + norm);

        // the same with the word-embedding table frozen
        String table = "embeddings.word_embeddings.weight";
        long trainable = enc.setTrainable(n -> !n.equals(table));
        try {
            assertEquals(enc.parameterCount() - 30522L * 384, trainable, "trainable count");
            assertEquals(enc.parameters().size() - 1, enc.trainableParameters().size(),
                    "one tensor frozen");
            long t = 0;
            for (int i = 0; i < warmup + runs; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    long t0 = System.nanoTime();
                    Map<String, NDArray> g = gradientOfScore(x, scope);
                    if (i >= warmup) {
                        t += System.nanoTime() - t0;
                    }
                    assertTrue(!g.containsKey(table), "no gradient reported for a frozen tensor");
                }
            }
            System.out.printf("  word embeddings frozen (%d trainable): %.1f ms forward+backward%n",
                    trainable, t / 1e6 / runs);
        } finally {
            enc.setTrainable(n -> true);
        }
    }

    /** VmHWM (peak resident set) of this JVM, from /proc/self/status. */
    static String peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "VmHWM unavailable";
        }
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("VmHWM"))
                .findFirst()
                .map(l -> l.replaceAll("\\s+", " "))
                .orElse("VmHWM unavailable");
    }
}
