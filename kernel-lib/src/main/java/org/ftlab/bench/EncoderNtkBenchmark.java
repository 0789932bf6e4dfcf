package org.ftlab.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.ntk.EncoderNtk;
import org.ftlab.ntk.NtkResult;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.pretrained.Tokenized;
import org.ftlab.util.ProcessMemory;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Seconds and peak resident memory of the empirical NTK (eq. 7 of paper 1) of a pretrained encoder
 * with a seeded Gaussian scalar head ({@link EncoderNtk}) over all of its parameters (or the head
 * and the last {@code k} layers), on {@code N} training examples of a task truncated to {@code T}
 * tokens: per-layer Gram (exact and sketched) and, on request, the per-sample-gradient path.
 * The sketch's measured error is against the exact per-layer Gram kernel of the same row group.
 * Column {@code cpuSec} is the process CPU time of the row (all threads): on a machine shared with
 * other jobs it is a steadier measure of the work than wall-clock seconds, but it also counts
 * threads spinning while they wait for a core.
 */
final class EncoderNtkBenchmark {

    private EncoderNtkBenchmark() {}

    /** One configuration: what {@link NtkBenchmark} parsed. */
    record Config(String model, String data, int[] ns, int maxLength, int layersTrained,
            List<EmpiricalNtk.Mode> modes, List<EncoderNtk.Method> methods, int sketchDim,
            long budgetMb, int threads) {}

    static void run(Config c, PrintStream out) {
        List<Example> train = Datasets.load(c.data()).train();
        try (BertTokenizer tok = PretrainedModels.tokenizer(c.model(), c.maxLength());
                NDManager m = NDManager.newBaseManager();
                BertEncoder enc = PretrainedModels.load(c.model(), m);
                ScalarHeadModel model = ScalarHeadModel.create(enc, 0, m)) {
            // warm-up: libtorch kernels and the JIT on a small kernel
            Tokenized warm = EncoderNtk.tokenize(tok, Datasets.sample(train, 4, 99));
            EncoderNtk.compute(model, warm, 1, quiet(c.threads()));
            out.printf(Locale.ROOT, "# %s + Gaussian scalar head, %s, T <= %d tokens, layers %s,"
                    + " budget %d MiB, NTK intra-op threads %d (process default %d), cores %d,"
                    + " load average %s, OMP_WAIT_POLICY %s%n",
                    enc.name(), c.data(), c.maxLength(),
                    c.layersTrained() == EncoderNtk.ALL ? "all" : c.layersTrained(),
                    c.budgetMb(), c.threads(), JniUtils.getNumThreads(),
                    Runtime.getRuntime().availableProcessors(), loadAverage(),
                    System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"));
            out.printf(Locale.ROOT, "%-20s %-6s %5s %6s %10s %5s %8s %8s %7s %9s %10s %6s %9s %9s%n",
                    "method", "mode", "N", "meanT", "P", "D", "seconds", "cpuSec", "passes", "bufMiB",
                    "peakRSSMiB", "reset", "predErr", "measErr");
            for (int n : c.ns()) {
                List<Example> picked = Datasets.sample(train, n, 0);
                Tokenized batch = EncoderNtk.tokenize(tok, picked);
                double meanT = 0;
                for (int i = 0; i < n; i++) {
                    meanT += batch.realLength(i);
                }
                meanT /= n;
                double[][] exact = null;
                for (EncoderNtk.Method method : c.methods()) {
                    for (EmpiricalNtk.Mode mode : c.modes()) {
                        boolean reset = ProcessMemory.resetPeak();
                        long cpu0 = processCpuNanos();
                        NtkResult r = EncoderNtk.compute(model, batch, c.layersTrained(),
                                quiet(c.threads()).optMode(mode).optSketchDim(c.sketchDim())
                                        .optMemoryBudgetBytes(c.budgetMb() << 20).optSeed(7),
                                method);
                        double cpu = (processCpuNanos() - cpu0) / 1e9;
                        double measured = Double.NaN;
                        if (mode == EmpiricalNtk.Mode.EXACT && exact == null) {
                            exact = r.kernel();
                        } else if (mode == EmpiricalNtk.Mode.SKETCH && exact != null) {
                            measured = NtkBenchmark.relError(r.kernel(), exact);
                        }
                        out.printf(Locale.ROOT,
                                "%-20s %-6s %5d %6.1f %10d %5s %8.2f %8.1f %7d %9.1f %10.0f %6s %9.4f"
                                        + " %9.4f%n",
                                method.name().toLowerCase(Locale.ROOT), mode, n, meanT,
                                r.parameterCount(),
                                mode == EmpiricalNtk.Mode.SKETCH
                                        ? String.valueOf(c.sketchDim()) : "-",
                                r.seconds(), cpu, r.gradientEvaluations(),
                                r.peakGradientBytes() / 1048576.0, NtkBenchmark.peakRssMib(),
                                reset ? "yes" : "no", r.expectedRelativeError(), measured);
                        out.flush();
                    }
                }
            }
        }
    }

    /** The 1, 5 and 15 minute load averages of {@code /proc/loadavg}, or "n/a". */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** CPU time of the whole process (all threads), nanoseconds; -1 where unavailable. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    private static EmpiricalNtk.Builder quiet(int threads) {
        return EmpiricalNtk.builder().optThreads(threads).optProgress((d, t) -> { });
    }

}
