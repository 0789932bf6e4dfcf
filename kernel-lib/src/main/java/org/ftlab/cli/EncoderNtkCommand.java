package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.ntk.EncoderNtk;
import org.ftlab.ntk.NtkResult;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.spectrum.BetaFit;
import org.ftlab.spectrum.PowerLawTail;
import org.ftlab.spectrum.SymmetricEigen;
import org.ftlab.util.Json;
import org.ftlab.util.MatrixIo;

/**
 * {@code ./ftlab ntk --model minilm --data rte --n 100 --seed 0 --out K.tsv}: the
 * empirical NTK (eq. 7 of paper 1) of a pretrained encoder with a seeded Gaussian scalar head on
 * {@code n} random training examples of a task (§7.1), its eigenvalues and the decay exponent β
 * of eq. (29) by least squares (eq. 31-32) beside the MLE tail exponent. Sentence pairs are
 * encoded as {@code [CLS] a [SEP] b [SEP]}.
 */
final class EncoderNtkCommand implements ComputingCommand {
  @Override
  public String name() {
    return "ntk";
  }

  @Override
  public String summary() {
    return "NTK of a pretrained encoder + scalar head on n task examples, eigenvalues and beta";
  }

  @Override
  public String example() {
    return "ntk --model minilm --data rte --n 100 --seed 0 --layers-trained 1 --out K.tsv";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.choice("model", "minilm", PretrainedModels.names(), "pretrained encoder"),
        Option.choice("data", "rte", Datasets.names(), "task; examples from its train split"),
        Option.of("n", Option.Kind.POSITIVE_INT, "100", "examples drawn (paper 1: 100)"),
        Option.of("seed", Option.Kind.LONG, "0", "seed of the draw and of the sketch"),
        Option.of("head-seed", Option.Kind.LONG, "0", "seed of the Gaussian head"),
        Option.choice("mode", "exact", List.of("exact", "sketch"), "exact J J^T/N or sketch"),
        Option.choice("method", "layer-gram", List.of("layer-gram", "per-sample"),
            "layer-gram: per-layer Gram matrices from batched passes; per-sample: materialised"
                + " per-sample gradients (slow for many parameters)"),
        Option.of("sketch-dim", Option.Kind.POSITIVE_INT, "512", "D for --mode sketch"),
        Option.of("layers-trained", Option.Kind.STRING, "1",
            "parameters in the NTK: head + last K layers (0 = head only) or 'all'"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "32", "tokens per input, [4, 512]"),
        Option.of("threads", Option.Kind.POSITIVE_INT, "1", "PyTorch intra-op threads"),
        Option.of("budget-mb", Option.Kind.POSITIVE_INT, "768", "gradient buffer budget (MiB)"),
        Option.of("out", Option.Kind.PATH, "", "write K (N x N, tab-separated) here"));
  }

  static int layers(String v) {
    if (v.trim().equalsIgnoreCase("all")) {
      return EncoderNtk.ALL;
    }
    try {
      int k = Integer.parseInt(v.trim());
      if (k >= 0) {
        return k;
      }
    } catch (NumberFormatException e) {
      // usage error below
    }
    throw new UsageException("--layers-trained expects 'all' or an integer >= 0, got '" + v + "'");
  }

  @Override
  public void run(Args args, PrintStream out) {
    out.println(computeWithJson(args).json());
  }

  @Override
  public org.ftlab.report.Displayable result(String subcommand, Args args) {
    return compute(args);
  }

  /** The empirical NTK of the encoder + head on the drawn examples (writes {@code --out}). */
  static NtkResult compute(Args args) {
    return computeWithJson(args).result();
  }

  private static NtkCommand.Computed<NtkResult> computeWithJson(Args args) {
    int layers = layers(args.string("layers-trained"));
    int n = args.integer("n");
    long seed = args.longValue("seed");
    List<Example> train = Datasets.load(args.string("data")).train();
    if (n < 2 || n > train.size()) {
      throw new UsageException("--n " + n + " must be in [2, " + train.size() + "] for "
          + args.string("data"));
    }
    List<Example> picked = Datasets.sample(train, n, seed);
    EmpiricalNtk.Mode mode = EmpiricalNtk.Mode.valueOf(args.string("mode").toUpperCase(Locale.ROOT));
    try (BertTokenizer tok = PretrainedModels.tokenizer(args.string("model"),
            args.integer("max-length"));
        NDManager m = NDManager.newBaseManager();
        BertEncoder enc = PretrainedModels.load(args.string("model"), m);
        ScalarHeadModel model = ScalarHeadModel.create(enc, args.longValue("head-seed"), m)) {
      if (layers > enc.numLayers()) {
        throw new UsageException("--layers-trained " + layers + " exceeds the "
            + enc.numLayers() + " layers of " + enc.name());
      }
      EmpiricalNtk.Builder opts = EmpiricalNtk.builder().optMode(mode)
          .optSketchDim(args.integer("sketch-dim")).optSeed(seed)
          .optThreads(args.integer("threads"))
          .optMemoryBudgetBytes((long) args.integer("budget-mb") << 20);
      EncoderNtk.Method method = args.string("method").equals("per-sample")
          ? EncoderNtk.Method.PER_SAMPLE_GRADIENTS : EncoderNtk.Method.LAYER_GRAM;
      NtkResult r = EncoderNtk.compute(model, EncoderNtk.tokenize(tok, picked), layers, opts,
          method);
      double[][] k = r.kernel();
      Path outFile = args.path("out");
      if (outFile != null) {
        MatrixIo.writeMatrix(outFile, k);
      }
      double[] ev = SymmetricEigen.decompose(k, false, 1e-5).values();
      BetaFit fit = BetaFit.fit(ev);
      Json j = Json.object().put("model", enc.name()).put("data", args.string("data"))
          .put("n", n).put("seed", seed).put("layersTrained", args.string("layers-trained"))
          .put("parameters", r.parameterCount()).put("mode", r.mode().name())
          .put("method", args.string("method"))
          .put("seconds", r.seconds()).put("gradientEvaluations", r.gradientEvaluations())
          .put("trace", r.trace()).put("eigenvalues", ev).put("beta", fit.beta())
          .put("r2", fit.rSquared()).put("window", fit.kMin() + ":" + fit.kMax());
      if (mode == EmpiricalNtk.Mode.SKETCH) {
        j.put("sketchDim", r.sketchDim()).put("expectedRelativeError", r.expectedRelativeError());
      }
      int positive = fit.kMax();
      if (positive >= PowerLawTail.DEFAULT_MIN_TAIL) {
        PowerLawTail tail = PowerLawTail.fit(java.util.Arrays.copyOf(ev, positive));
        j.put("mleAlpha", tail.alpha()).put("mleBeta", PowerLawTail.betaFromAlpha(tail.alpha()));
      }
      if (outFile != null) {
        j.put("out", outFile.toString());
      }
      return new NtkCommand.Computed<>(r, j.toString());
    }
  }
}
