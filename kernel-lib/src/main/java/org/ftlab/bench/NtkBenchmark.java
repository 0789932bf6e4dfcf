package org.ftlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.ntk.EncoderNtk;
import org.ftlab.ntk.NtkResult;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.util.ProcessMemory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seconds and peak resident memory of the empirical NTK (eq. 7 of paper 1), exact and sketched,
 * for the attention network of §3.2 ({@code L} layers, {@code H} heads, {@code d^G = d} as in
 * appendix B.2, GELU, float32) on Gaussian inputs.
 *
 * <p>Usage: {@code NtkBenchmark [--n 50,100,200] [--width 64,128,256] [--modes exact,sketch]
 * [--layers 2] [--heads 4] [--seq 16] [--input-dim 16] [--sketch-dim 256] [--budget-mb 256]
 * [--threads k]} ({@code --threads}: PyTorch intra-op threads during the NTK, default 1).
 * With {@code --model minilm|bge} it benchmarks the pretrained encoder with a scalar head instead
 * ({@link EncoderNtkBenchmark}; extra options {@code --data rte --max-length 32
 * --layers-trained all --methods layer-gram[,per-sample]}; there {@code --n} defaults to 100,
 * {@code --threads} to 2 and {@code --budget-mb} to 1024, which holds the per-layer signals of
 * 100 inputs of 32 tokens, about 0.47 GB, so no forward pass is repeated).
 * Peak RSS is {@code VmHWM} of {@code /proc/self/status}, reset before each row
 * through {@code /proc/self/clear_refs} when the kernel allows it (column {@code reset}); it
 * includes the JVM and libtorch (about 0.3-0.4 GB on their own).
 */
public final class NtkBenchmark {

    private NtkBenchmark() {}

    /**
     * Runs the grid and prints a table.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        run(args, System.out);
    }

    /**
     * Runs the grid and prints a table on {@code out} ({@code ./ftlab bench}).
     *
     * @param args see the class comment
     * @param out where the table goes
     * @throws IllegalArgumentException for an unknown option or a bad value (one-line message)
     */
    public static void run(String[] args, PrintStream out) {
        int[] ns = null;
        String modelName = "attn";
        String data = "rte";
        int maxLength = 32;
        int layersTrained = EncoderNtk.ALL;
        List<EncoderNtk.Method> methods = List.of(EncoderNtk.Method.LAYER_GRAM);
        int[] widths = {64, 128, 256};
        List<EmpiricalNtk.Mode> modes = List.of(EmpiricalNtk.Mode.EXACT, EmpiricalNtk.Mode.SKETCH);
        int layers = 2;
        int heads = 4;
        int seq = 16;
        int inputDim = 16;
        int sketchDim = 256;
        long budgetMb = -1;
        int threads = -1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("args: " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--n": ns = v.isBlank() ? null : ints(a, v); break;
                case "--model": modelName = v.trim().toLowerCase(Locale.ROOT); break;
                case "--data": data = v.trim(); break;
                case "--max-length": maxLength = ints(a, v)[0]; break;
                case "--layers-trained":
                    layersTrained = v.trim().equalsIgnoreCase("all") ? EncoderNtk.ALL
                            : ints(a, v.equals("0") ? "1" : v)[0] * (v.equals("0") ? 0 : 1);
                    break;
                case "--methods": methods = methods(v); break;
                case "--width": widths = ints(a, v); break;
                case "--modes": modes = modes(v); break;
                case "--layers": layers = ints(a, v)[0]; break;
                case "--heads": heads = ints(a, v)[0]; break;
                case "--seq": seq = ints(a, v)[0]; break;
                case "--input-dim": inputDim = ints(a, v)[0]; break;
                case "--sketch-dim": sketchDim = ints(a, v)[0]; break;
                case "--budget-mb": budgetMb = ints(a, v)[0]; break;
                case "--threads": threads = ints(a, v)[0]; break;
                default:
                    throw new IllegalArgumentException(
                            "args: unknown option " + a + " (accepted --n --width --modes --layers"
                                    + " --heads --seq --input-dim --sketch-dim --budget-mb"
                                    + " --threads --model --data --max-length --layers-trained"
                                    + " --methods)");
            }
        }
        if (!modelName.equals("attn")) {
            if (!PretrainedModels.names().contains(modelName)) {
                throw new IllegalArgumentException("--model: " + modelName + ", accepted attn, "
                        + String.join(", ", PretrainedModels.names()));
            }
            EncoderNtkBenchmark.run(new EncoderNtkBenchmark.Config(modelName, data,
                    ns == null ? new int[] {100} : ns, maxLength, layersTrained, modes, methods,
                    sketchDim, budgetMb < 0 ? 1024 : budgetMb, threads < 0 ? 2 : threads), out);
            return;
        }
        if (ns == null) {
            ns = new int[] {50, 100, 200};
        }
        if (budgetMb < 0) {
            budgetMb = 256;
        }
        if (threads < 0) {
            threads = 1;
        }
        warmUp();
        out.printf(Locale.ROOT, "# L=%d H=%d T=%d d0=%d dG=d float32, budget %d MiB,"
                + " NTK intra-op threads %d (process default %d), cores %d%n", layers, heads, seq,
                inputDim, budgetMb, threads, JniUtils.getNumThreads(),
                Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-6s %5s %5s %9s %5s %8s %7s %9s %9s %6s %9s %9s%n",
                "mode", "width", "N", "P", "D", "seconds", "passes", "gradMiB", "peakRSSMiB",
                "reset", "predErr", "measErr");
        for (int width : widths) {
            for (int n : ns) {
                double[][] exactK = null;
                for (EmpiricalNtk.Mode mode : modes) {
                    boolean reset = ProcessMemory.resetPeak();
                    try (AttentionNetwork net = AttentionNetwork.builder().setWidth(width)
                            .setHeads(heads).setLayers(layers).setSeqLength(seq)
                            .setInputDim(inputDim).optSeed(1).build();
                            NDManager m = NDManager.newBaseManager()) {
                        NDArray x = gaussian(m, n, seq, inputDim);
                        NtkResult r = EmpiricalNtk.builder().setModel(net).setInputs(x)
                                .optMode(mode).optSketchDim(sketchDim)
                                .optMemoryBudgetBytes(budgetMb << 20).optSeed(7)
                                .optThreads(threads).build()
                                .compute();
                        double measured = Double.NaN;
                        if (mode == EmpiricalNtk.Mode.EXACT) {
                            exactK = r.kernel();
                        } else if (exactK != null) {
                            measured = relError(r.kernel(), exactK);
                        }
                        out.printf(Locale.ROOT,
                                "%-6s %5d %5d %9d %5s %8.2f %7d %9.1f %9.0f %6s %9.4f %9.4f%n",
                                mode, width, n, r.parameterCount(),
                                mode == EmpiricalNtk.Mode.SKETCH ? String.valueOf(sketchDim) : "-",
                                r.seconds(), r.gradientEvaluations(),
                                r.peakGradientBytes() / 1048576.0, peakRssMib(),
                                reset ? "yes" : "no", r.expectedRelativeError(), measured);
                    }
                }
            }
        }
    }

    private static void warmUp() {
        try (AttentionNetwork net = AttentionNetwork.builder().setWidth(8).setHeads(2)
                .setLayers(1).setSeqLength(4).setInputDim(4).build();
                NDManager m = NDManager.newBaseManager()) {
            EmpiricalNtk.builder().setModel(net).setInputs(gaussian(m, 4, 4, 4)).build().compute();
        }
    }

    private static NDArray gaussian(NDManager m, int n, int t, int d0) {
        Random r = new Random(123);
        float[] v = new float[n * t * d0];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(n, t, d0)).toType(DataType.FLOAT32, false);
    }

    /** Relative Frobenius error ||a − b||_F / ||b||_F of a square matrix {@code a} against {@code b}. */
    static double relError(double[][] a, double[][] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                num += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
                den += b[i][j] * b[i][j];
            }
        }
        return Math.sqrt(num / den);
    }

    /** VmHWM of /proc/self/status in MiB, NaN where unavailable. */
    static double peakRssMib() {
        long b = ProcessMemory.peakRssBytes();
        return b < 0 ? Double.NaN : b / 1048576.0;
    }

    private static int[] ints(String name, String v) {
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not an integer list: " + v);
            }
            if (out[i] <= 0) {
                throw new IllegalArgumentException(name + ": values must be > 0: " + v);
            }
        }
        return out;
    }

    private static List<EncoderNtk.Method> methods(String v) {
        List<EncoderNtk.Method> out = new ArrayList<>();
        for (String s : v.split(",")) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "layer-gram": out.add(EncoderNtk.Method.LAYER_GRAM); break;
                case "per-sample": out.add(EncoderNtk.Method.PER_SAMPLE_GRADIENTS); break;
                default:
                    throw new IllegalArgumentException(
                            "--methods: " + s + ", accepted layer-gram,per-sample");
            }
        }
        return out;
    }

    private static List<EmpiricalNtk.Mode> modes(String v) {
        List<EmpiricalNtk.Mode> out = new ArrayList<>();
        for (String s : v.split(",")) {
            try {
                out.add(EmpiricalNtk.Mode.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--modes: " + s + ", accepted exact,sketch");
            }
        }
        return out;
    }
}
