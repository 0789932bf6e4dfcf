package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loading MiniLM and one forward + backward pass on 1 x 32 tokens fit in a fresh JVM with
 * -Xmx2g; the child prints its peak resident set (VmHWM), which is reported, not asserted.
 */
class MemoryFootprintTest {

    @Test
    void loadForwardBackwardFitInTwoGigabytesOfHeap() throws Exception {
        String cp = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx2g", "-cp", cp, Child.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish within 120 s");
        System.out.print(out.lines().filter(l -> l.startsWith("child:"))
                .reduce("", (a, b) -> a + b + System.lineSeparator()));
        assertEquals(0, p.exitValue(), "child JVM (-Xmx2g) failed:\n" + out);
        Matcher m = Pattern.compile("gradient norm (\\S+)").matcher(out);
        assertTrue(m.find(), "child printed no gradient norm:\n" + out);
        double norm = Double.parseDouble(m.group(1));
        assertTrue(Double.isFinite(norm) && norm > 0, "gradient norm " + norm);
    }

    /** The measured program: load, tokenize 32 tokens, forward, backward. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            long t0 = System.nanoTime();
            try (NDManager manager = NDManager.newBaseManager();
                    BertEncoder enc = PretrainedModels.load(manager);
                    BertTokenizer tok = PretrainedModels.tokenizer(PretrainedModels.DEFAULT, 32)) {
                long t1 = System.nanoTime();
                Tokenized x = tok.encode("Peak memory is measured on a single sentence that is long"
                        + " enough to fill all thirty two positions of the tokenizer window, and then"
                        + " some more words so that truncation surely happens here.");
                if (x.length() != 32) {
                    throw new IllegalStateException("expected 32 tokens, got " + x.length());
                }
                double norm;
                try (NDManager scope = manager.newSubManager()) {
                    enc.zeroGradients();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(enc.embed(x, scope).sum());
                    }
                    double sq = 0;
                    for (NDArray g : enc.gradients(scope).values()) {
                        double n = g.norm().getFloat();
                        sq += n * n;
                    }
                    norm = Math.sqrt(sq);
                }
                long t2 = System.nanoTime();
                Runtime rt = Runtime.getRuntime();
                System.out.printf("child: MiniLM load %.2f s, forward+backward 1x32 %.2f s,"
                                + " gradient norm %.6g%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, norm);
                System.out.printf("child: Java heap used %d MB of max %d MB; %s%n",
                        (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20,
                        status("VmHWM") + ", " + status("VmRSS"));
            }
        }

        private static String status(String key) throws Exception {
            File f = new File("/proc/self/status");
            if (!f.exists()) {
                return key + " unavailable";
            }
            List<String> lines = Files.readAllLines(f.toPath());
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.replaceAll("\\s+", " ")).orElse(key + " unavailable");
        }
    }
}
