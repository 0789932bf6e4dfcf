package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ftlab.data.Dataset;
import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.data.TaskType;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;
import org.ftlab.report.Displayable;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.pretrained.Tokenized;
import org.ftlab.stability.ParameterDistance;
import org.ftlab.stability.ParameterDistanceResult;
import org.ftlab.stability.TaylorValidity;
import org.ftlab.stability.TaylorValidityResult;
import org.ftlab.train.EncoderFineTuner;
import org.ftlab.train.FineTuned;
import org.ftlab.util.Json;

/**
 * {@code ./ftlab appendix distance|taylor [--task mrpc] [--train-size 32] [--epochs 1] ...}: the
 * two appendix experiments of paper 2 (Fu et al.) on a pretrained encoder fine-tuned in place with
 * {@link EncoderFineTuner#runOn} (AdamW, every epoch run, the best hold-out epoch kept):
 * <ul>
 *   <li>{@code distance}: App. A.7, Table 6, the relative distances {@code ‖w* − w0‖_q / ‖w0‖_q},
 *       {@code q = 1, 2, ∞}, per parameter group and overall ({@link ParameterDistance});
 *   <li>{@code taylor}: App. A.8, Figure 11, the gap between the loss at {@code w = w*(1 + p(U −
 *       0.5))} and its second-order Taylor expansion of eq. (17), the Hessian entering through the
 *       Hessian-vector products of eq. (18) ({@link TaylorValidity}). The loss is the mean
 *       cross-entropy of the trained two-logit head, i.e. the logistic loss of the logit margin
 *       {@code z_1 − z_0}, on a fixed batch of training examples.
 * </ul>
 * The defaults are those of {@code notebooks/p2-05} in quick mode (MiniLM, MRPC, the last layer and
 * the head trained one epoch on 32 examples, fine-tuning seed 1, batch seed 99, draw seed 5), so the
 * one-liner there reproduces the step-by-step numbers.
 */
final class AppendixCommand implements ComputingCommand, Subcommands {
  static final String DISTANCE = "distance";
  static final String TAYLOR = "taylor";

  @Override
  public String name() {
    return "appendix";
  }

  @Override
  public String summary() {
    return "paper 2 appendix on a fine-tuned encoder: 'distance' ||w*-w0||/||w0|| in 1-, 2-, "
        + "inf-norms (A.7, Table 6), 'taylor' the second-order Taylor gap vs perturbation ratio p"
        + " with Hessian-vector products (A.8, Fig. 11, eq. 17-18)";
  }

  @Override
  public String example() {
    return "appendix taylor --task mrpc --train-size 32 --epochs 1 --examples 8 --repeats 3";
  }

  @Override
  public List<String> subcommands() {
    return List.of(DISTANCE, TAYLOR);
  }

  /** Every option (those of {@code taylor}; {@code distance} takes the fine-tuning ones). */
  @Override
  public List<Option> options() {
    return options(TAYLOR);
  }

  @Override
  public List<Option> options(String subcommand) {
    List<Option> o = new ArrayList<>(List.of(
        Option.choice("model", "minilm", PretrainedModels.names(), "pretrained encoder"),
        Option.of("task", Option.Kind.STRING, "mrpc", "dataset fine-tuned on, one of "
            + String.join(", ", Datasets.names()) + " (taylor: two-class tasks only)"),
        Option.choice("mode", "lastk", List.of("lastk", "full"),
            "parameters trained: the head + the last --last-k layers, or every parameter"),
        Option.of("last-k", Option.Kind.POSITIVE_INT, "1", "layers trained with --mode lastk"),
        Option.of("train-size", Option.Kind.POSITIVE_INT, "32",
            "training examples drawn (10% held out to pick the epoch)"),
        Option.of("epochs", Option.Kind.POSITIVE_INT, "1", "epochs, all run; the epoch with the"
            + " lowest hold-out loss is kept (epoch 0 = w0 is possible)"),
        Option.of("lr", Option.Kind.POSITIVE_DOUBLE, "2e-5", "AdamW learning rate"),
        Option.of("batch-size", Option.Kind.POSITIVE_INT, "16", "mini-batch size"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "64", "most tokens per example, in"
            + " [4, 512]"),
        Option.of("test-size", Option.Kind.INT, "24", "test examples scored after fine-tuning"
            + " (0 = the whole test split; costs time, not part of the result)"),
        Option.of("seed", Option.Kind.LONG, "1", "seed of sampling, hold-out, head and shuffling")));
    if (TAYLOR.equals(subcommand)) {
      o.addAll(List.of(
          Option.of("examples", Option.Kind.POSITIVE_INT, "8", "taylor: training examples in the"
              + " loss batch x"),
          Option.of("batch-seed", Option.Kind.LONG, "99", "taylor: seed of the loss batch sample"),
          Option.of("perturbations", Option.Kind.STRING, "1e-3,1e-2,3e-2,1e-1",
              "taylor: comma-separated perturbation ratios p, each > 0"),
          Option.of("repeats", Option.Kind.POSITIVE_INT, "3", "taylor: draws of U (paper: 100)"),
          Option.of("perturb-layers", Option.Kind.INT, "1", "taylor: perturbed = the head + this"
              + " many last layers (0 = head only)"),
          Option.of("draw-seed", Option.Kind.LONG, "5", "taylor: seed of the draws of U")));
    }
    o.add(Option.flag("progress", "show progress lines on stderr"));
    return o;
  }

  @Override
  public void run(Args args, PrintStream out) {
    throw new UsageException("appendix: missing subcommand (accepted: distance, taylor)");
  }

  @Override
  public void run(String subcommand, Args args, PrintStream out) {
    Displayable r = result(subcommand, args);
    String result = r instanceof TaylorValidityResult t ? t.toJson()
        : ((ParameterDistanceResult) r).toJson();
    String s = settings(subcommand, args).toString();
    // the settings, then the result object under "result"
    out.println(s.substring(0, s.length() - 1) + ",\"result\":" + result + "}");
  }

  @Override
  public Displayable result(String subcommand, Args args) {
    return TAYLOR.equals(subcommand) ? taylor(args) : distance(args);
  }

  /**
   * App. A.7: fine-tunes a fresh encoder and returns {@code ‖w* − w0‖ / ‖w0‖} per group (embeddings,
   * layer k) and overall; the new head has no {@code w0} and is not included.
   *
   * @throws UsageException with a one-line message naming the bad option
   */
  static ParameterDistanceResult distance(Args a) {
    EncoderFineTuner ft = fineTuner(a);
    try (NDManager m = NDManager.newBaseManager();
        BertEncoder enc = PretrainedModels.load(a.string("model"), m)) {
      checkLastK(a, enc);
      Map<String, NDArray> w0 = new LinkedHashMap<>();
      try (NDManager copies = m.newSubManager()) {
        for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
          NDArray c = e.getValue().duplicate();
          c.attach(copies);
          w0.put(e.getKey(), c);
        }
        ft.runOn(enc);
        return ParameterDistance.compute(w0, enc.parameters(), ParameterDistance.bertGroups());
      }
    }
  }

  /**
   * App. A.8: fine-tunes a fresh encoder, then runs {@link TaylorValidity} with the logistic loss
   * of the trained head's logit margin on {@code --examples} training examples.
   *
   * @throws UsageException with a one-line message naming the bad option
   */
  static TaylorValidityResult taylor(Args a) {
    double[] ps = perturbations(a.string("perturbations"));
    Dataset ds = dataset(a);
    if (ds.taskType() != TaskType.CLASSIFICATION || ds.numClasses() != 2) {
      throw new UsageException("--task: taylor needs a two-class task (the loss is the logistic"
          + " loss of the logit margin z1 - z0), '" + ds.name() + "' has " + (ds.numClasses() == 0
          ? "real-valued labels" : ds.numClasses() + " classes") + "; accepted: "
          + String.join(", ", twoClassTasks()));
    }
    int examples = a.integer("examples");
    if (examples > ds.train().size()) {
      throw new UsageException("--examples: at most the " + ds.train().size() + " training"
          + " examples of " + ds.name() + ", got " + examples);
    }
    EncoderFineTuner ft = fineTuner(a);
    try (NDManager m = NDManager.newBaseManager();
        BertEncoder enc = PretrainedModels.load(a.string("model"), m)) {
      checkLastK(a, enc);
      int k = a.integer("perturb-layers");
      if (k < 0 || k > enc.numLayers()) {
        throw new UsageException("--perturb-layers: must be in [0, " + enc.numLayers() + "] for "
            + a.string("model") + ", got " + k);
      }
      FineTuned trained = ft.runOn(enc);
      try (NDManager w = m.newSubManager();
          BertTokenizer tok = PretrainedModels.tokenizer(a.string("model"),
              a.integer("max-length"))) {
        List<Example> ex = Datasets.sample(ds.train(), examples, a.longValue("batch-seed"));
        List<String> first = ex.stream().map(Example::text1).toList();
        Tokenized t = ds.isPair()
            ? tok.encodePairs(first, ex.stream().map(Example::text2).toList()) : tok.encode(first);
        NDArray x = ScalarHeadModel.pack(t, w);
        NDArray y = w.create(ex.stream().mapToDouble(e -> 2.0 * e.label() - 1).toArray())
            .toType(DataType.FLOAT32, false);
        return TaylorValidity.builder().setModel(new Margin(enc, trained, w)).setInputs(x)
            .setTargets(y).setLoss(TaylorValidity.logistic())
            .optParameters(ScalarHeadModel.lastLayers(k, enc.numLayers())).optPerturbations(ps)
            .optRepeats(a.integer("repeats")).optSeed(a.longValue("draw-seed")).build().run();
      }
    }
  }

  /**
   * The logit margin {@code s = z_1 − z_0} of a trained two-logit head on the pooled encoder
   * output: for two classes the head's cross-entropy equals {@code log(1 + exp(−y s))},
   * {@code y = ±1}. Parameters: every encoder tensor, then {@code head.weight}, {@code head.bias}.
   */
  static final class Margin implements DifferentiableModel {
    private final ScalarHeadModel pooler;
    private final NDArray w;
    private final NDArray b;
    private final List<NamedParameter> ps = new ArrayList<>();

    Margin(BertEncoder enc, FineTuned t, NDManager m) {
      pooler = ScalarHeadModel.create(enc, 0, m); // pooled() only; its scalar head is unused
      w = m.create(t.headWeight(), new Shape(t.inputs(), t.outputs()));
      w.setRequiresGradient(true);
      b = m.create(t.headBias());
      b.setRequiresGradient(true);
      for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
        e.getValue().setRequiresGradient(true);
        ps.add(new NamedParameter(e.getKey(), e.getValue()));
      }
      ps.add(new NamedParameter(ScalarHeadModel.HEAD_WEIGHT, w));
      ps.add(new NamedParameter(ScalarHeadModel.HEAD_BIAS, b));
    }

    @Override
    public NDArray forward(NDArray x) {
      NDArray z = pooler.pooled(x).matMul(w).add(b);
      return z.get(":, 1").sub(z.get(":, 0"));
    }

    @Override
    public List<NamedParameter> parameters() {
      return ps;
    }
  }

  private static Dataset dataset(Args a) {
    String task = a.string("task").trim().toLowerCase(Locale.ROOT);
    if (!Datasets.names().contains(task)) {
      throw new UsageException("--task: unknown '" + a.string("task") + "'; accepted: "
          + String.join(", ", Datasets.names()));
    }
    return Datasets.load(task);
  }

  private static List<String> twoClassTasks() {
    List<String> out = new ArrayList<>();
    for (String n : Datasets.names()) {
      Dataset d = Datasets.load(n);
      if (d.taskType() == TaskType.CLASSIFICATION && d.numClasses() == 2) {
        out.add(n);
      }
    }
    return out;
  }

  /** The fine-tuner of these arguments, every value checked before any model is loaded. */
  private static EncoderFineTuner fineTuner(Args a) {
    Dataset ds = dataset(a);
    int n = a.integer("train-size");
    if (n < 2 || n > ds.train().size()) {
      throw new UsageException("--train-size: must be in [2, " + ds.train().size() + "] for "
          + ds.name() + ", got " + n);
    }
    int len = a.integer("max-length");
    if (len < 4 || len > 512) {
      throw new UsageException("--max-length: must be in [4, 512], got " + len);
    }
    if (a.integer("test-size") < 0) {
      throw new UsageException("--test-size: must be >= 0 (0 = all), got "
          + a.integer("test-size"));
    }
    int epochs = a.integer("epochs");
    try {
      return EncoderFineTuner.builder().setModel(a.string("model")).setTask(ds).setTrainSize(n)
          .optMode("full".equals(a.string("mode")) ? EncoderFineTuner.Mode.FULL
              : EncoderFineTuner.Mode.LAST_K)
          .optLastK(a.integer("last-k")).optEpochs(epochs).optPatience(epochs)
          .optMaxLength(len).optBatchSize(a.integer("batch-size"))
          .optLearningRate(a.real("lr")).optTestSize(a.integer("test-size"))
          .optSeed(a.longValue("seed")).optProgress(a.flag("progress")).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("appendix: " + Main.oneLine(e.getMessage()));
    }
  }

  private static void checkLastK(Args a, BertEncoder enc) {
    if ("lastk".equals(a.string("mode")) && a.integer("last-k") > enc.numLayers()) {
      throw new UsageException("--last-k: must be in [1, " + enc.numLayers() + "] for "
          + a.string("model") + ", got " + a.integer("last-k"));
    }
  }

  /** Comma-separated ratios p, each finite and > 0. */
  static double[] perturbations(String text) {
    String[] parts = text.split(",", -1);
    double[] p = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        p[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--perturbations: '" + parts[i].trim() + "' is not a number"
            + " (expects comma-separated ratios > 0, e.g. 1e-3,1e-2,3e-2)");
      }
      if (!(p[i] > 0) || Double.isInfinite(p[i])) {
        throw new UsageException("--perturbations: each ratio must be finite and > 0, got "
            + parts[i].trim());
      }
    }
    return p;
  }

  private static Json settings(String subcommand, Args a) {
    Json j = Json.object().put("command", "appendix " + subcommand)
        .put("paper", TAYLOR.equals(subcommand) ? "Fu et al. App. A.8, Fig. 11"
            : "Fu et al. App. A.7, Table 6")
        .put("model", a.string("model")).put("task", a.string("task").trim()
            .toLowerCase(Locale.ROOT)).put("mode", a.string("mode"))
        .put("lastK", a.integer("last-k")).put("trainSize", a.integer("train-size"))
        .put("epochs", a.integer("epochs")).put("lr", a.real("lr"))
        .put("seed", a.longValue("seed"));
    if (TAYLOR.equals(subcommand)) {
      j.put("examples", a.integer("examples")).put("batchSeed", a.longValue("batch-seed"))
          .put("perturbLayers", a.integer("perturb-layers"))
          .put("drawSeed", a.longValue("draw-seed"));
    }
    return j;
  }
}
