package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import ai.djl.ndarray.types.DataType;
import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.Autograd;
import org.ftlab.train.RegressionData;
import org.ftlab.train.SyntheticTasks;
import org.ftlab.ntk.EmpiricalNtk;
import org.ftlab.ntk.EncoderNtk;
import org.ftlab.ntk.NtkResult;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.pretrained.Tokenized;
import org.ftlab.spectrum.SymmetricEigen;
import org.ftlab.stopping.EarlyStopReport;
import org.ftlab.stopping.EarlyStopping;
import org.ftlab.stopping.EarlyStoppingResult;
import org.ftlab.stopping.HoldOutStopping;
import org.ftlab.stopping.KernelGradientDescent;

/**
 * {@code ./ftlab earlystop --model minilm --data stsb --n 100 --holdout 50}: the early-stopping
 * rule of paper 1 (§3.5, eq. 10-11, 36) for fine-tuning a pretrained encoder + scalar head viewed
 * as kernel gradient descent with its empirical NTK (eq. 7) on the residuals
 * {@code y - f_PT(X)} of {@code --n} training examples, beside hold-out stopping on
 * {@code --holdout} further examples (§6.2) and the matching kernel-ridge λ = 1/(ε T_op). The kernel
 * over all {@code n + holdout} inputs is computed once and divided by the training {@code n}
 * (eq. 5). Without {@code --sigma}, σ is estimated as the square root of the smallest hold-out MSE
 * along the GD path. Step size ε = min(1, 1/λ_1); drift bound g(τ) = κ ε τ (eq. 36).
 */
final class EarlyStopCommand implements ComputingCommand {
  @Override
  public String name() {
    return "earlystop";
  }

  @Override
  public String summary() {
    return "early-stopping rule (critical radius, T_max, T_op, KRR lambda) for a pretrained "
        + "encoder's NTK on task residuals, beside hold-out stopping";
  }

  @Override
  public String example() {
    return "earlystop --model minilm --data stsb --n 100 --holdout 50";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.choice("model", "minilm", models(), "pretrained encoder, or attn: the attention "
            + "network of paper 1 §3.2 on a synthetic task with known f* (true risk curves)"),
        Option.choice("data", "stsb", Datasets.names(), "task; examples from its train split "
            + "(encoders)"),
        Option.of("n", Option.Kind.POSITIVE_INT, "100", "training examples N"),
        Option.of("holdout", Option.Kind.POSITIVE_INT, "50", "hold-out examples N_V"),
        Option.of("seed", Option.Kind.LONG, "0", "seed of the draw"),
        Option.of("head-seed", Option.Kind.LONG, "0", "seed of the Gaussian head"),
        Option.of("layers-trained", Option.Kind.STRING, "1",
            "parameters in the NTK: head + last K layers (0 = head only) or 'all'"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "32", "tokens per input, [4, 512]"),
        Option.of("sigma", Option.Kind.POSITIVE_DOUBLE, "", "noise level sigma (default: "
            + "estimated from the hold-out MSE)"),
        Option.of("c-h", Option.Kind.POSITIVE_DOUBLE, "1", "C_H = ||f_PT - f_tgt||_H (eq. 11)"),
        Option.of("kappa", Option.Kind.DOUBLE, "0.001", "drift bound g(tau) = kappa eps tau "
            + "(eq. 36; 0: T_op = T_max)"),
        Option.of("patience", Option.Kind.POSITIVE_INT, "20", "hold-out patience in steps"),
        Option.of("horizon", Option.Kind.POSITIVE_INT, "5000", "last GD step of the curves"),
        Option.of("threads", Option.Kind.POSITIVE_INT, "1", "PyTorch intra-op threads"),
        Option.of("budget-mb", Option.Kind.POSITIVE_INT, "384", "gradient buffer budget (MiB; "
            + "n + holdout gradients of 1.8 M floats need 7 MB each, more are recomputed)"),
        Option.of("width", Option.Kind.POSITIVE_INT, "64", "embedding width d (attn)"),
        Option.of("heads", Option.Kind.POSITIVE_INT, "4", "attention heads H (attn)"),
        Option.of("layers", Option.Kind.POSITIVE_INT, "2", "attention layers L (attn)"),
        Option.of("seq", Option.Kind.POSITIVE_INT, "8", "sequence length T (attn)"),
        Option.of("input-dim", Option.Kind.POSITIVE_INT, "16", "token dimension d0 (attn)"),
        Option.of("noise", Option.Kind.DOUBLE, "0.3", "label noise sigma of the synthetic task "
            + "(attn; also the rule's sigma unless --sigma)"),
        Option.of("data-seed", Option.Kind.LONG, "1", "synthetic task f* (attn); its sample uses "
            + "data-seed + 1"));
  }

  /** Accepted values of {@code --model}: the pretrained encoders and {@code attn}. */
  static List<String> models() {
    List<String> m = new java.util.ArrayList<>(PretrainedModels.names());
    m.add("attn");
    return m;
  }

  /** Kernel over training + hold-out inputs, pretrained outputs, labels, and f* when known. */
  private record Problem(double[][] kAll, double[] fPt, double[] y, double[] fStar,
      String setting) {}

  @Override
  public void run(Args args, PrintStream out) {
    EarlyStopReport r = compute(args);
    String rule = r.rule().toJson(false);
    out.println(rule.substring(0, rule.length() - 1) + ",\"setting\":\"" + r.setting()
        + "\",\"sigmaEstimated\":" + r.sigmaEstimated() + ",\"holdOutBestStep\":"
        + r.holdOut().bestEpoch() + ",\"holdOutBestMse\":" + num(r.holdOut().bestLoss())
        + ",\"holdOutMseAtTop\":" + num(r.holdOutMseAt(r.rule().tOp()))
        + ",\"holdOutMseAtZero\":" + num(r.holdOutMse()[0]) + "}");
  }

  private static String num(double x) {
    return Double.isFinite(x) ? Double.toString(x) : "null";
  }

  @Override
  public org.ftlab.report.Displayable result(String subcommand, Args args) {
    return compute(args);
  }

  /** The rule, the hold-out stop and the curves these arguments describe. */
  static EarlyStopReport compute(Args args) {
    int layers = EncoderNtkCommand.layers(args.string("layers-trained"));
    int n = args.integer("n");
    int nv = args.integer("holdout");
    if (n < 3) {
      throw new UsageException("earlystop: --n must be >= 3, got " + n);
    }
    double kappa = args.real("kappa");
    if (kappa < 0) {
      throw new UsageException("earlystop: --kappa expects a number >= 0, got " + kappa);
    }
    Problem p = "attn".equals(args.string("model")) ? attention(args, n, nv)
        : encoder(args, n, nv, layers);
    double[][] kAll = p.kAll();
    double[] fPt = p.fPt();
    // EmpiricalNtk divides by n + nv; eq. (5) divides by the training n
    double scale = (double) (n + nv) / n;
    double[][] k = new double[n][n];
    double[][] kHold = new double[nv][n];
    for (int i = 0; i < n + nv; i++) {
      for (int j = 0; j < n; j++) {
        if (i < n) {
          k[i][j] = kAll[i][j] * scale;
        } else {
          kHold[i - n][j] = kAll[i][j] * scale;
        }
      }
    }
    double[] r0 = new double[n];
    for (int i = 0; i < n; i++) {
      r0[i] = p.y()[i] - fPt[i];
    }
    double lambda1 = SymmetricEigen.decompose(k, false, 1e-5).values()[0];
    double eps = lambda1 > 1 ? 1 / lambda1 : 1.0;
    int h = args.integer("horizon");
    KernelGradientDescent gd = KernelGradientDescent.of(k);
    double[] holdMse = new double[h + 1];
    for (int t = 0; t <= h; t++) {
      double[] pred = gd.predict(kHold, r0, eps, t);
      double s = 0;
      for (int i = 0; i < nv; i++) {
        double e = fPt[n + i] + pred[i] - p.y()[n + i];
        s += e * e;
      }
      holdMse[t] = s / nv;
    }
    int patience = args.integer("patience");
    HoldOutStopping.Result ho = HoldOutStopping.evaluate(holdMse, patience, 0.0);
    boolean known = p.fStar() != null;
    boolean estimated = !args.has("sigma") && !known;
    double sigma = args.has("sigma") ? args.real("sigma")
        : known ? args.real("noise") : Math.sqrt(ho.bestLoss());
    if (!(sigma > 0)) {
      throw new UsageException("earlystop: sigma must be > 0 (give --sigma, or --noise > 0 for "
          + "attn), got " + sigma);
    }
    EarlyStopping.Builder b = EarlyStopping.builder().setKernel(k).setY(r0).setSigma(sigma)
        .optEta(eps).optCH(args.real("c-h")).optHorizon(h).optTolerance(1e-5);
    if (kappa > 0) {
      b.optG(tau -> kappa * eps * tau);
    }
    if (known) {
      double[] delta = new double[n];
      for (int i = 0; i < n; i++) {
        delta[i] = p.fStar()[i] - fPt[i];
      }
      b.optFStar(delta);
    }
    EarlyStoppingResult rule = b.build().compute();
    return new EarlyStopReport(p.setting(), rule, estimated, holdMse, patience, ho);
  }

  private static Problem encoder(Args args, int n, int nv, int layers) {
    String data = args.string("data");
    List<Example> train = Datasets.load(data).train();
    if (n + nv > train.size()) {
      throw new UsageException("earlystop: --n " + n + " + --holdout " + nv + " must be at most "
          + train.size() + " (training examples of " + data + ")");
    }
    List<Example> picked = Datasets.sample(train, n + nv, args.longValue("seed"));
    String model = args.string("model").toLowerCase(Locale.ROOT);
    double[] fPt;
    double[][] kAll;
    String encName;
    try (BertTokenizer tok = PretrainedModels.tokenizer(model, args.integer("max-length"));
        NDManager m = NDManager.newBaseManager();
        BertEncoder enc = PretrainedModels.load(model, m);
        ScalarHeadModel head = ScalarHeadModel.create(enc, args.longValue("head-seed"), m)) {
      if (layers > enc.numLayers()) {
        throw new UsageException("earlystop: --layers-trained " + layers + " exceeds the "
            + enc.numLayers() + " layers of " + enc.name());
      }
      encName = enc.name();
      Tokenized batch = EncoderNtk.tokenize(tok, picked);
      fPt = Autograd.noGrad(() -> {
        try (NDManager sub = m.newSubManager()) {
          NDArray x = ScalarHeadModel.pack(batch, sub);
          float[] f = head.forward(x).toFloatArray();
          double[] d = new double[f.length];
          for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
          }
          return d;
        }
      });
      EmpiricalNtk.Builder opts = EmpiricalNtk.builder().optSeed(args.longValue("seed"))
          .optThreads(args.integer("threads"))
          .optMemoryBudgetBytes((long) args.integer("budget-mb") << 20);
      NtkResult ntk = EncoderNtk.compute(head, batch, layers, opts);
      kAll = ntk.kernel();
    }
    double[] y = picked.stream().mapToDouble(Example::target).toArray();
    return new Problem(kAll, fPt, y, null, String.format(Locale.ROOT, "%s + Gaussian head, %s, "
        + "N = %d, N_V = %d, layers %s", encName, data, n, nv, args.string("layers-trained")));
  }

  /**
   * The attention network of paper 1 §3.2 (float64, weights from {@code --seed}) at
   * initialisation as f_PT, on {@link SyntheticTasks#smooth} with function seed
   * {@code --data-seed}, sample seed {@code --data-seed + 1} and label noise {@code --noise}; the
   * first n points train, the next holdout points are held out.
   */
  private static Problem attention(Args a, int n, int nv) {
    double noise = a.real("noise");
    if (noise < 0) {
      throw new UsageException("earlystop: --noise expects a number >= 0, got " + noise);
    }
    try (NDManager m = NDManager.newBaseManager();
        AttentionNetwork net = AttentionNetwork.builder().setWidth(a.integer("width"))
            .setHeads(a.integer("heads")).setLayers(a.integer("layers"))
            .setSeqLength(a.integer("seq")).setInputDim(a.integer("input-dim"))
            .optDataType(DataType.FLOAT64).optSeed(a.longValue("seed")).build()) {
      RegressionData all = SyntheticTasks.smooth(n + nv, a.integer("seq"), a.integer("input-dim"),
          noise, a.longValue("data-seed"), a.longValue("data-seed") + 1);
      NDArray x = all.inputArray(m, DataType.FLOAT64);
      double[] fPt = Autograd.noGrad(() -> net.forward(x).toDoubleArray());
      double[][] kAll = EmpiricalNtk.builder().setModel(net).setInputs(x)
          .optThreads(a.integer("threads")).build().compute().kernel();
      return new Problem(kAll, fPt, all.targets(), all.cleanTargets(), String.format(Locale.ROOT,
          "attention net (width %d, %d heads, %d layers, seed %d) at initialisation, synthetic "
              + "task (noise %.3g, data seed %d), N = %d, N_V = %d", a.integer("width"),
          a.integer("heads"), a.integer("layers"), a.longValue("seed"), noise,
          a.longValue("data-seed"), n, nv));
    }
  }
}
