package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.ftlab.data.Datasets;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.ntk.TaskSpectra;
import org.ftlab.ntk.TaskSpectrum;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.util.Json;

/**
 * {@code ./ftlab beta --model minilm --data rte --n 100 --draws 3}: the eigenvalue-decay exponent β
 * of eq. (29) of paper 1, fitted by least squares on {@code log(λ_k/λ_1)} against {@code log k}
 * (eq. 31-32), for the empirical NTK of a pretrained encoder + scalar head on {@code --draws}
 * independent draws of {@code --n} training examples (§7.1, {@link TaskSpectra}); prints β per
 * draw, mean ± sd, the MLE tail β and the predicted rate exponent {@code 2β/(2β+1)} of eq. (30).
 */
final class BetaCommand implements ComputingCommand {
  @Override
  public String name() {
    return "beta";
  }

  @Override
  public String summary() {
    return "decay exponent beta (eq. 29-32) of a pretrained encoder's NTK over draws, mean ± sd,"
        + " and the predicted rate N^(-2beta/(2beta+1)) (eq. 30)";
  }

  @Override
  public String example() {
    return "beta --model minilm --data rte --n 100 --draws 3";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.choice("model", "minilm", PretrainedModels.names(), "pretrained encoder"),
        Option.choice("data", "rte", Datasets.names(), "task; examples from its train split"),
        Option.of("n", Option.Kind.POSITIVE_INT, "100", "examples per draw N (paper 1: 100)"),
        Option.of("draws", Option.Kind.POSITIVE_INT, "3", "independent draws R (beta mean ± sd)"),
        Option.of("seed", Option.Kind.LONG, "0", "draw r uses seed + r"),
        Option.of("head-seed", Option.Kind.LONG, "0", "seed of the Gaussian head"),
        Option.of("layers-trained", Option.Kind.STRING, "1",
            "parameters in the NTK: head + last K layers (0 = head only) or 'all'"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "32", "tokens per input, [4, 512]"),
        Option.of("window", Option.Kind.STRING, "", "rank window kMin:kMax of the fit "
            + "(default: every positive eigenvalue)"),
        Option.of("threads", Option.Kind.POSITIVE_INT, "1", "PyTorch intra-op threads"),
        Option.of("budget-mb", Option.Kind.POSITIVE_INT, "768", "gradient buffer budget (MiB)"));
  }

  @Override
  public void run(Args args, PrintStream out) {
    TaskSpectrum s = compute(args);
    Json j = Json.object().put("model", s.model()).put("data", s.task()).put("n", s.samples())
        .put("draws", s.draws().size()).put("layersTrained", s.layersTrained())
        .put("parameters", s.parameterCount()).put("betas", s.betas())
        .put("betaMean", s.betaMean()).put("betaSd", s.betaSd())
        .put("mleTailBeta", s.tailBetaMean())
        .put("predictedRateExponent", s.predictedRateExponent())
        .put("meanEigenvalues", s.meanEigenvalues()).put("seconds", s.seconds());
    out.println(j);
  }

  @Override
  public org.ftlab.report.Displayable result(String subcommand, Args args) {
    return compute(args);
  }

  /** The spectra and β fits these arguments describe. */
  static TaskSpectrum compute(Args args) {
    int layers = EncoderNtkCommand.layers(args.string("layers-trained"));
    int n = args.integer("n");
    int train = Datasets.load(args.string("data")).train().size();
    if (n < 3 || n > train) {
      throw new UsageException("beta: --n " + n + " must be in [3, " + train + "] for "
          + args.string("data"));
    }
    TaskSpectra.Builder b = TaskSpectra.builder().setTask(args.string("data")).optSamples(n)
        .optDraws(args.integer("draws")).optSeed(args.longValue("seed"))
        .optLayersTrained(layers).optMode(EmpiricalNtk.Mode.EXACT)
        .optThreads(args.integer("threads"))
        .optMemoryBudgetBytes((long) args.integer("budget-mb") << 20).optProgress(true);
    if (args.has("window")) {
      int[] w = SpectrumCommand.window(args.string("window"));
      if (w[1] > n) {
        throw new UsageException("beta: --window " + args.string("window") + " ends after rank "
            + "--n " + n);
      }
      b.optWindow(w[0], w[1]);
    }
    String model = args.string("model").toLowerCase(Locale.ROOT);
    try (BertTokenizer tok = PretrainedModels.tokenizer(model, args.integer("max-length"));
        NDManager m = NDManager.newBaseManager();
        BertEncoder enc = PretrainedModels.load(model, m);
        ScalarHeadModel head = ScalarHeadModel.create(enc, args.longValue("head-seed"), m)) {
      if (layers > enc.numLayers()) {
        throw new UsageException("beta: --layers-trained " + layers + " exceeds the "
            + enc.numLayers() + " layers of " + enc.name());
      }
      return b.build().run(head, tok);
    }
  }
}
