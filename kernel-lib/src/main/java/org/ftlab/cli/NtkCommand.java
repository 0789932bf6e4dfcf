package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.ntk.NtkResult;
import org.ftlab.util.Json;
import org.ftlab.util.MatrixIo;
import org.ftlab.util.ProcessMemory;

/**
 * {@code ./ftlab ntk --model attn --width 64 --heads 4 --layers 2 --seq 8 --n 100 --out K.tsv}:
 * the empirical NTK matrix {@code K = J J^T / N} (eq. 7 of paper 1; optionally divided by the
 * width, eq. 37) of a network from {@link NtkModels} on {@code N} inputs, written as an {@code N×N}
 * tab-separated file (full double precision, no header) that {@code ./ftlab spectrum} and
 * {@code ./ftlab stop} read. Modes: {@code exact} (all parameters), {@code subset} (the head and the
 * last {@code --subset-blocks} blocks only) and {@code sketch} (unbiased Rademacher sketch of
 * dimension {@code --sketch-dim}, with its predicted relative Frobenius error). Prints one JSON
 * object: sizes, seconds, peak resident memory ({@code VmHWM}) and the gradient buffer peak.
 */
final class NtkCommand implements ComputingCommand {
  /** Accepted values of {@code --data}. */
  static final List<String> DATA = List.of("synthetic");
  /** Accepted values of {@code --mode}. */
  static final List<String> MODES = List.of("exact", "subset", "sketch");

  @Override
  public String name() {
    return "ntk";
  }

  @Override
  public String summary() {
    return "empirical NTK K = J J^T / N (eq. 7, 37), exact/subset/sketch, of the attention net "
        + "(--model attn) or a pretrained encoder + scalar head (--model minilm|bge, see "
        + "./ftlab ntk --model minilm --help)";
  }

  /** Every --model value: the networks of paper 1 and the pretrained encoders (routed). */
  static java.util.List<String> allModels() {
    java.util.List<String> all = new java.util.ArrayList<>(NtkModels.names());
    all.addAll(org.ftlab.pretrained.PretrainedModels.names());
    return all;
  }

  @Override
  public Command route(java.util.List<String> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      String model = t.startsWith("--model=") ? t.substring(8)
          : t.equals("--model") && i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      if (model != null && org.ftlab.pretrained.PretrainedModels.names().contains(model)) {
        return new EncoderNtkCommand();
      }
    }
    return this;
  }

  @Override
  public String example() {
    return "ntk --model attn --width 64 --heads 4 --layers 2 --seq 8 --n 100 --out K.tsv";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.choice("model", NtkModels.names().get(0), allModels(), "network"),
        Option.of("width", Option.Kind.POSITIVE_INT, "64", "embedding width d (attn)"),
        Option.of("heads", Option.Kind.POSITIVE_INT, "4", "attention heads H (attn)"),
        Option.of("layers", Option.Kind.POSITIVE_INT, "2", "attention layers L (attn)"),
        Option.of("seq", Option.Kind.POSITIVE_INT, "8", "sequence length T (attn)"),
        Option.of("input-dim", Option.Kind.POSITIVE_INT, "16", "token dimension d0 (attn)"),
        Option.choice("data", DATA.get(0), DATA, "inputs (synthetic: seeded N(0,1) tokens)"),
        Option.of("n", Option.Kind.POSITIVE_INT, "100", "number of inputs N"),
        Option.of("seed", Option.Kind.LONG, "0", "seed of weights, inputs and sketch"),
        Option.choice("mode", "exact", MODES, "exact, subset (head + last blocks) or sketch"),
        Option.of("sketch-dim", Option.Kind.POSITIVE_INT, "256", "sketch dimension D (sketch)"),
        Option.of("subset-blocks", Option.Kind.INT, "1", "trailing blocks with the head (subset)"),
        Option.choice("dtype", "float32", List.of("float32", "float64"), "parameter type"),
        Option.flag("width-norm", "divide K by the width n (eq. 37)"),
        Option.of("budget-mb", Option.Kind.POSITIVE_INT, "256", "gradient buffer budget in MiB"),
        Option.of("out", Option.Kind.PATH, "", "write K here (TSV, no header); omit to skip"));
  }

  @Override
  public void run(Args a, PrintStream out) {
    out.println(computeWithJson(a).json());
  }

  @Override
  public org.ftlab.report.Displayable result(String subcommand, Args a) {
    return compute(a);
  }

  /** The empirical NTK these arguments describe (also writes {@code --out} when given). */
  static NtkResult compute(Args a) {
    return computeWithJson(a).result();
  }

  /** A result with the JSON line {@code ./ftlab} prints for it. */
  record Computed<R>(R result, String json) {}

  private static Computed<NtkResult> computeWithJson(Args a) {
    String mode = a.string("mode");
    NtkModels.Factory factory = NtkModels.MODELS.get(a.string("model"));
    Path outFile = a.has("out") ? Path.of(a.string("out")) : null;
    if (outFile != null && outFile.getParent() != null
        && !java.nio.file.Files.isDirectory(outFile.getParent())) {
      throw new UsageException("--out " + outFile + ": folder " + outFile.getParent()
          + " does not exist");
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NtkModels.Prepared p = factory.prepare(a, manager);
      try (AutoCloseable ignored = p.resource()) {
        EmpiricalNtk.Builder b = EmpiricalNtk.builder().setModel(p.model())
            .setInputs(p.inputs()).optSeed(a.longValue("seed"))
            .optMemoryBudgetBytes((long) a.integer("budget-mb") << 20);
        if (a.flag("width-norm")) {
          b.optWidthNormalisation(p.width());
        }
        int k = a.integer("subset-blocks");
        if ("subset".equals(mode)) {
          if (k < 0 || k > p.blocks()) {
            throw new UsageException("--subset-blocks " + k + ": expected 0.." + p.blocks()
                + " (the model has " + p.blocks() + " blocks)");
          }
          b.optParameters(p.headAndLastBlocks().apply(k));
        } else if ("sketch".equals(mode)) {
          b.optMode(EmpiricalNtk.Mode.SKETCH).optSketchDim(a.integer("sketch-dim"));
        }
        NtkResult r = b.build().compute();
        if (outFile != null) {
          MatrixIo.writeMatrix(outFile, r.kernel());
        }
        long rss = ProcessMemory.peakRssBytes();
        Json j = Json.object().put("model", a.string("model")).put("network", p.description())
            .put("mode", mode).put("n", r.sampleCount())
            .put("parameterCount", p.parameterCount())
            .put("kernelParameterCount", r.parameterCount());
        if ("subset".equals(mode)) {
          j.put("subsetBlocks", k);
        }
        if ("sketch".equals(mode)) {
          j.put("sketchDim", r.sketchDim())
              .put("expectedRelativeError", r.expectedRelativeError());
        }
        j.put("widthNormalisation", r.widthNormalisation()).put("trace", r.trace())
            .put("seconds", r.seconds()).put("gradientEvaluations", r.gradientEvaluations())
            .put("peakGradientBytes", r.peakGradientBytes())
            .put("peakRssBytes", rss).put("peakRssMiB", rss < 0 ? Double.NaN : rss / 1048576.0)
            .put("out", outFile == null ? null : outFile.toString());
        return new Computed<>(r, j.toString());
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
