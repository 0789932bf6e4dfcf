package org.ftlab.stability;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.ftlab.data.Dataset;
import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.data.TaskType;
import org.ftlab.model.Autograd;
import org.ftlab.model.NamedParameter;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.Tokenized;
import org.ftlab.util.ProcessMemory;
import org.ftlab.util.Progress;

/**
 * The GLUE/SuperGLUE stability experiment of paper 2 (Fu et al., §4.1-§4.2, Tables 2-4): one
 * {@link StabilityMethod} fine-tuned on one task with several seeds; the result holds the task
 * metric of every seed, its mean and standard deviation, and stability measures across seeds.
 *
 * <pre>{@code
 * GlueStabilityResult r = GlueStability.builder().setModel("minilm").setTask("rte")
 *     .setMethod(StabilityMethod.MMR).optMode(GlueStability.Mode.HEAD)
 *     .optHead(GlueStability.Head.MLP).optSeeds(10)
 *     .optTrainSize(0).optRemoveFraction(0.1).optHeads(50).optEpochs(20)
 *     .optLearningRate(1e-3).optMaxLength(64).optProgress(true).build().run();
 * }</pre>
 *
 * <p><b>Data (§4.1).</b> The dataset's public dev split stands in for the test set (GLUE/SuperGLUE
 * test labels are hidden; {@link Dataset#dev()}, which {@link Datasets} documents as the test
 * stand-in for RTE, CoLA, SST-2, WNLI, CB, WSC; for MRPC the GLUE dev split too, not Microsoft's
 * test file). The training pool is the whole train split ({@code trainSize = 0}) or a stratified
 * sample of {@code trainSize} examples; 10% of it (stratified, at least 1) is held out as the new
 * dev set for early stopping and the other 90% is trained on. Sample and split use the base
 * {@code seed} and are the same for every run. With {@code removeFraction > 0} (Table 4, §4.2.7)
 * each run trains without a further random {@code removeFraction} of the 90% (stratified, drawn
 * with the run's seed).
 *
 * <p><b>Runs.</b> Run k uses seed {@code seed + k}: it draws the head initialisation
 * ({@code N(0, 1/d)} from {@code java.util.Random(seed + k)}, head h of MHLoss taking the h-th block
 * of draws, so head 0 is FineTune's head), the order of the mini-batches, and the method's own
 * randomness (MixOut masks, LNSR noise). After every epoch the held-out dev set is scored with the
 * task metric; the epoch with the best dev score (ties: lower dev loss) gives the test score, and
 * training stops after {@code patience} epochs without improvement (§4.1 uses 20).
 *
 * <p><b>Modes.</b> {@link Mode#HEAD} (Table 3, §4.2.6): the encoder is frozen; its pooled features
 * of every example are computed once per (model, task, split, max length) and reused across seeds
 * and methods through {@link org.ftlab.train.FeatureCache} (in memory; on disk too with
 * {@link Builder#optCacheDir} or {@code $FTLAB_CACHE}); SURT re-encodes after its re-training and
 * never reads or writes the cache. The head is linear ({@link Head#LINEAR}, §2.3) or RoBERTa's
 * two-layer classification head ({@link Head#MLP}, {@code tanh(x W_1 + b_1) W + b}, without
 * dropout). {@link Mode#FULL} (Tables 2 and 4): every
 * encoder parameter and the head are trained; each run restarts from the same encoder weights.
 * Optimiser: Adam with a fixed learning rate and no weight decay, DJL's AdamW closed form
 * ({@link AdamW}). HEAD mode trains the
 * heads with {@link HeadTrainer}, the same arithmetic in plain Java (double precision), because a
 * head step on cached features is too small to amortise native calls; it is tested against the
 * DJL autograd path.
 *
 * <p><b>Methods</b> (loss on a mini-batch of B examples with C classes, ℓ = cross-entropy):
 * <ul>
 *   <li>FINETUNE: {@code (1/B) Σ_i ℓ(W x_i + b, y_i)}, one linear head on the pooled output.</li>
 *   <li>MIXOUT ({@link MixOut}, Lee et al. 2019): each step, every element of each mixed weight is
 *       replaced by its start value w0 with probability {@code mixoutP} and rescaled,
 *       {@code (m w0 + (1−m) w − p w0)/(1−p)}; plain w at evaluation. HEAD: the head's weight
 *       matrix, w0 = its random initial value; MLP head: both weight matrices W_1 and W (not the
 *       biases), each mixed with its own random initial value, as Lee et al. mix every linear
 *       layer. FULL: the head's and every linear layer's weight
 *       matrix of the encoder (query, key, value, attention output, intermediate, output; not
 *       embeddings, biases or LayerNorms, as Lee et al.'s MixLinear), w0 = pretrained value.</li>
 *   <li>LNSR (Hua et al. 2021): noise ε ~ N(0, σ²) at the input of the trained layers and the
 *       penalty {@code lnsrWeight · (1/B) Σ_i ||f(x_i + ε_i) − f(x_i)||²}. FULL: ε is added to the
 *       embedding output (input of transformer layer 0, {@link BertEncoder#forward(NDArray,
 *       NDArray, NDArray, NDArray)}) and f is the pooled encoder output fed to the head. HEAD: the
 *       encoder is frozen and its features are cached, so noise on the input embeddings could only
 *       enter through a fresh encoder pass per step and would still not make the frozen part's
 *       Lipschitz constant trainable; ε is added to the frozen pooled features, the input of the
 *       only trained layer (LNSR injects noise at the input of the layers it regularises), and f is
 *       the head's logits. For a linear head the penalty is {@code ||W ε||²}, whose expectation is
 *       {@code σ²||W||_F²}: in HEAD mode LNSR is a stochastic L2 penalty on the head. MLP head: the
 *       same noise on the frozen features (the input of the head's first trained layer) and f the
 *       head's logits, {@code ||(tanh(u + ε W_1) − tanh(u)) W||²} with {@code u = x W_1 + b_1}, a
 *       penalty on the head's Lipschitz constant that is no longer a plain L2 term.</li>
 *   <li>MMR (eq. 8-9): {@code loss + mmrAlpha · R} with R of eq. (8) on the mini-batch's pooled
 *       features ({@link MethodTerms#maxMarginRegularizer}; for C &gt; 2 the mean of eq. (8) over
 *       class pairs). HEAD with the linear head: R depends only on the frozen features, so it is
 *       a constant with zero gradient and MMR trains exactly like FINETUNE. HEAD with the MLP head:
 *       eq. (9)'s x̃_i is what the output layer w sees, so E(x_i) in eq. (8) is the hidden
 *       representation {@code h_i = tanh(x_i W_1 + b_1)}, and R moves W_1 and b_1 (the paper's
 *       Table 3 head is RoBERTa's two-layer head, so this is the paper-faithful reading).</li>
 *   <li>MHLOSS (eq. 10): {@code heads} linear heads on the same features, loss
 *       {@code (1/(BH)) Σ_h Σ_i ℓ(W_h x_i + b_h, y_i)}; predictions use the mean of the heads' logits,
 *       i.e. the mean head w̄ (§3.2). {@code heads} is used by MHLOSS only. MLP head: H output
 *       layers on one shared hidden layer. Eq. (10) is L_MH(E, w_1..w_H) with one shared encoder
 *       E and H linear heads w_h "with the same shape" on the same x̃_i, and the test-time identity
 *       (1/H) Σ_h w_hᵀ x̃ = w̄ᵀ x̃ of §3.2 needs a shared x̃; H full two-layer heads would average
 *       H different non-linear functions, which is no longer one head w̄.</li>
 *   <li>SURT (§3.3): {@link MaskedLm} re-trains the whole encoder with the masked-LM task (head
 *       tied to the word embeddings, 15% masking with BERT's 80/10/10 rule) on the text of the 90%
 *       training part (no labels) for {@code surtSteps} mini-batches, once per {@link #run()} with
 *       the base seed; then FINETUNE starts from the re-trained encoder.</li>
 * </ul>
 *
 * <p><b>Stability measures</b> ({@link GlueStabilityResult}): the standard deviation of the scores
 * across seeds (the paper's measure), the mean pairwise fraction of test examples on which two
 * runs predict different labels, and the mean pairwise distance of the normalised mean heads
 * ||w̄_a/||w̄_a|| − w̄_b/||w̄_b||||, the across-seed analogue of Def. 2.3.
 */
public final class GlueStability {

  /**
   * The classification head of HEAD mode.
   *
   * <p>{@link #MLP} is RoBERTa's classification head (the model paper 2 fine-tunes, §4.1):
   * {@code z = tanh(x W_1 + b_1) W + b} with a {@code d × d} dense layer, then the output layer
   * ("out_proj", {@code d × C}). We leave out its two dropout layers (p = 0.1): dropout is a second
   * source of seed-to-seed randomness common to all six methods, it would hide what the methods do
   * to the variance across seeds, it makes the gradient checks non-deterministic, and MixOut
   * (Lee et al. 2019) is meant to replace dropout rather than to be stacked on it.
   */
  public enum Head {
    /** One linear layer on the pooled features, as the theory of §2.3 (default). */
    LINEAR,
    /** dense d → d, tanh, out_proj d → C (RoBERTa's classification head without dropout). */
    MLP;

    /**
     * @param name "linear" or "mlp", case-insensitive
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Head parse(String name) {
      if (name != null) {
        for (Head h : values()) {
          if (h.name().equalsIgnoreCase(name.trim())) {
            return h;
          }
        }
      }
      throw new IllegalArgumentException("head: unknown '" + name + "'; accepted: linear, mlp");
    }
  }

  /** Which parameters are trained. */
  public enum Mode {
    /** Encoder frozen, only the head(s) trained (Table 3). */
    HEAD,
    /** Every parameter trained (Tables 2 and 4). */
    FULL
  }

  private final Builder b;
  private final Dataset dataset;

  private GlueStability(Builder b, Dataset dataset) {
    this.b = b;
    this.dataset = dataset;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder: required {@code setModel}, {@code setTask}, {@code setMethod}; the rest optional. */
  public static final class Builder {
    String model;
    String task;
    Dataset taskData;
    StabilityMethod method;
    Mode mode = Mode.HEAD;
    Head headKind = Head.LINEAR;
    java.nio.file.Path cacheDir = org.ftlab.train.FeatureCache.defaultDirectory();
    int seeds = 10;
    int trainSize = 0;
    double removeFraction = 0;
    int heads = 50;
    int epochs = 0;
    double learningRate = Double.NaN;
    int maxLength = 64;
    int batchSize = 16;
    int patience = 20;
    int testSize = 0;
    long seed = 0;
    boolean progress;
    double mixoutP = 0.9;
    double lnsrSigma = 0.1;
    double lnsrWeight = 1.0;
    double mmrAlpha = 1.0;
    int surtSteps = 50;
    double surtLearningRate = 5e-5;
    int surtBatchSize = 16;
    double surtMaskProbability = 0.15;
    boolean surtTransform = false;
    boolean svmReference = false;
    boolean djlHead = false;

    private Builder() {}

    /** Tests: train HEAD-mode heads with DJL autograd instead of {@link HeadTrainer}. */
    Builder useDjlHead(boolean on) {
      this.djlHead = on;
      return this;
    }

    /** @param name a name of {@link PretrainedModels#names()} ("minilm", "bge", ...) */
    public Builder setModel(String name) {
      this.model = name;
      return this;
    }

    /** @param name a classification dataset of {@link Datasets#names()} (rte, mrpc, cola, cb, wsc, ...) */
    public Builder setTask(String name) {
      this.task = name;
      this.taskData = null;
      return this;
    }

    /** @param data a loaded classification dataset (its dev split is the test stand-in) */
    public Builder setTask(Dataset data) {
      this.taskData = data;
      this.task = null;
      return this;
    }

    /** @param method the method of Table 2-4 */
    public Builder setMethod(StabilityMethod method) {
      this.method = method;
      return this;
    }

    /** @param mode HEAD (default) or FULL */
    public Builder optMode(Mode mode) {
      this.mode = mode;
      return this;
    }

    /**
     * @param head LINEAR (default) or MLP, RoBERTa's two-layer classification head (HEAD mode only;
     *     see {@link Head})
     */
    public Builder optHead(Head head) {
      this.headKind = head;
      return this;
    }

    /**
     * @param dir directory of the on-disk feature cache ({@link org.ftlab.train.FeatureCache}), or
     *     null for the in-memory cache only (default: {@code $FTLAB_CACHE} when set, else none)
     */
    public Builder optCacheDir(java.nio.file.Path dir) {
      this.cacheDir = dir;
      return this;
    }

    /** @param n runs with seeds {@code seed .. seed + n − 1}, &ge; 1 (default 10, as §4.1) */
    public Builder optSeeds(int n) {
      this.seeds = n;
      return this;
    }

    /** @param n examples drawn from the train split before the 90/10 split; 0 = all (default) */
    public Builder optTrainSize(int n) {
      this.trainSize = n;
      return this;
    }

    /** @param f fraction of the training part removed per run, in [0, 1) (default 0; Table 4: 0.1) */
    public Builder optRemoveFraction(double f) {
      this.removeFraction = f;
      return this;
    }

    /** @param h heads H of MHLoss (default 50, as §4.1); ignored by the other methods */
    public Builder optHeads(int h) {
      this.heads = h;
      return this;
    }

    /** @param e most epochs (default 20 in HEAD mode, 3 in FULL mode) */
    public Builder optEpochs(int e) {
      this.epochs = e;
      return this;
    }

    /** @param lr AdamW learning rate (default 1e-3 in HEAD mode, 2e-5 in FULL mode) */
    public Builder optLearningRate(double lr) {
      this.learningRate = lr;
      return this;
    }

    /** @param tokens most tokens per example, [CLS]/[SEP] included, in [8, 512] (default 64) */
    public Builder optMaxLength(int tokens) {
      this.maxLength = tokens;
      return this;
    }

    /** @param n mini-batch size (default 16) */
    public Builder optBatchSize(int n) {
      this.batchSize = n;
      return this;
    }

    /** @param n epochs without a better dev score that stop a run (default 20, as §4.1) */
    public Builder optPatience(int n) {
      this.patience = n;
      return this;
    }

    /** @param n test examples scored (a sample drawn with the base seed); 0 = all (default) */
    public Builder optTestSize(int n) {
      this.testSize = n;
      return this;
    }

    /** @param s base seed: data sample and split; run k uses {@code s + k} (default 0) */
    public Builder optSeed(long s) {
      this.seed = s;
      return this;
    }

    /** @param on show progress lines */
    public Builder optProgress(boolean on) {
      this.progress = on;
      return this;
    }

    /**
     * @param p MixOut probability in [0, 1) of replacing an element by w0 (default 0.9, the
     *     largest of the values 0.7, 0.8, 0.9 Lee et al. 2019 try; paper 2 does not state its p)
     */
    public Builder optMixoutP(double p) {
      this.mixoutP = p;
      return this;
    }

    /** @param sigma LNSR noise standard deviation σ &gt; 0 (default 0.1; our choice, paper 2 gives none) */
    public Builder optLnsrSigma(double sigma) {
      this.lnsrSigma = sigma;
      return this;
    }

    /** @param w LNSR penalty weight &ge; 0 (default 1; our choice) */
    public Builder optLnsrWeight(double w) {
      this.lnsrWeight = w;
      return this;
    }

    /** @param alpha MMR weight α of eq. (9), &ge; 0 (default 1; paper 2 tunes it on the dev set) */
    public Builder optMmrAlpha(double alpha) {
      this.mmrAlpha = alpha;
      return this;
    }

    /**
     * @param steps SURT masked-LM mini-batches (default 50, a CPU budget: each step updates all
     *     22.6 M MiniLM parameters with AdamW; paper 2 gives no number)
     */
    public Builder optSurtSteps(int steps) {
      this.surtSteps = steps;
      return this;
    }

    /** @param lr SURT AdamW learning rate (default 5e-5) */
    public Builder optSurtLearningRate(double lr) {
      this.surtLearningRate = lr;
      return this;
    }

    /** @param n SURT mini-batch size (default 16) */
    public Builder optSurtBatchSize(int n) {
      this.surtBatchSize = n;
      return this;
    }

    /** @param p SURT masking probability per token (default 0.15, Devlin et al. 2019) */
    public Builder optSurtMaskProbability(double p) {
      this.surtMaskProbability = p;
      return this;
    }

    /** @param on add BERT's dense+GELU+LayerNorm transform to the MLM head (default false) */
    public Builder optSurtTransform(boolean on) {
      this.surtTransform = on;
      return this;
    }

    /**
     * @param on HEAD mode, binary tasks: also fit the hard-margin SVM on the training features
     *     ({@link MaxMarginSvm#fit}) and report the cosine of each run's mean head with it
     *     (default false; NaN when the features are not linearly separable, and for the MLP head,
     *     whose output layer lives in the hidden space)
     */
    public Builder optSvmReference(boolean on) {
      this.svmReference = on;
      return this;
    }

    /**
     * @return the experiment
     * @throws IllegalArgumentException naming the first bad argument
     */
    public GlueStability build() {
      if (model == null || !PretrainedModels.names().contains(model.trim().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("model: " + (model == null ? "required" : "unknown '"
            + model + "'") + "; accepted: " + String.join(", ", PretrainedModels.names()));
      }
      if (method == null) {
        throw new IllegalArgumentException("method: required; accepted: " + StabilityMethod.accepted());
      }
      if (mode == null) {
        throw new IllegalArgumentException("mode: required; accepted: head, full");
      }
      if (headKind == null) {
        throw new IllegalArgumentException("head: required; accepted: linear, mlp");
      }
      if (headKind == Head.MLP && mode != Mode.HEAD) {
        throw new IllegalArgumentException("head: mlp is implemented for HEAD mode only (FULL mode"
            + " trains a linear head on the pooled output)");
      }
      Dataset ds = taskData;
      if (ds == null) {
        if (task == null) {
          throw new IllegalArgumentException("task: required; accepted: "
              + String.join(", ", Datasets.names()));
        }
        ds = Datasets.load(task.trim().toLowerCase(Locale.ROOT));
      }
      if (ds.taskType() != TaskType.CLASSIFICATION) {
        throw new IllegalArgumentException("task: " + ds.name()
            + " is a regression task; the stability methods need a classification task");
      }
      if (seeds < 1) {
        throw new IllegalArgumentException("seeds: must be >= 1, got " + seeds);
      }
      if (trainSize < 0 || trainSize == 1 || trainSize > ds.train().size()) {
        throw new IllegalArgumentException("trainSize: must be 0 (all) or in [2, " + ds.train().size()
            + "] for " + ds.name() + ", got " + trainSize);
      }
      int pool = trainSize == 0 ? ds.train().size() : trainSize;
      if (pool < 10) {
        throw new IllegalArgumentException("trainSize: the 90/10 split needs >= 10 examples, got " + pool);
      }
      if (!(removeFraction >= 0 && removeFraction < 1)) {
        throw new IllegalArgumentException("removeFraction: must be in [0, 1), got " + removeFraction);
      }
      if (heads < 1) {
        throw new IllegalArgumentException("heads: must be >= 1, got " + heads);
      }
      if (epochs < 0 || batchSize < 1 || patience < 1 || testSize < 0) {
        throw new IllegalArgumentException("epochs >= 1, batchSize >= 1, patience >= 1, testSize >= 0"
            + " required, got " + epochs + ", " + batchSize + ", " + patience + ", " + testSize);
      }
      if (!Double.isNaN(learningRate) && !(learningRate > 0 && Double.isFinite(learningRate))) {
        throw new IllegalArgumentException("learningRate: must be finite and > 0, got " + learningRate);
      }
      if (maxLength < 8 || maxLength > 512) {
        throw new IllegalArgumentException("maxLength: must be in [8, 512], got " + maxLength);
      }
      if (!(mixoutP >= 0 && mixoutP < 1)) {
        throw new IllegalArgumentException("mixoutP: must be in [0, 1), got " + mixoutP);
      }
      if (!(lnsrSigma >= 0 && Double.isFinite(lnsrSigma)) || !(lnsrWeight >= 0 && Double.isFinite(lnsrWeight))) {
        throw new IllegalArgumentException("lnsrSigma, lnsrWeight: must be finite and >= 0, got "
            + lnsrSigma + ", " + lnsrWeight);
      }
      if (!(mmrAlpha >= 0 && Double.isFinite(mmrAlpha))) {
        throw new IllegalArgumentException("mmrAlpha: must be finite and >= 0, got " + mmrAlpha);
      }
      if (surtSteps < 0 || surtBatchSize < 1 || !(surtLearningRate > 0)
          || !(surtMaskProbability > 0 && surtMaskProbability <= 1)) {
        throw new IllegalArgumentException("surt: steps >= 0, batch size >= 1, learning rate > 0 and"
            + " mask probability in (0, 1] required, got " + surtSteps + ", " + surtBatchSize + ", "
            + surtLearningRate + ", " + surtMaskProbability);
      }
      return new GlueStability(this, ds);
    }
  }

  int epochs() {
    return b.epochs > 0 ? b.epochs : b.mode == Mode.HEAD ? 20 : 3;
  }

  double learningRate() {
    return !Double.isNaN(b.learningRate) ? b.learningRate : b.mode == Mode.HEAD ? 1e-3 : 2e-5;
  }

  int heads() {
    return b.method == StabilityMethod.MHLOSS ? b.heads : 1;
  }

  // ---- data ----------------------------------------------------------------------------------

  /** The fixed data of all runs: 90% train, 10% dev (early stopping), test stand-in. */
  record Data(List<Example> train, List<Example> dev, List<Example> test) {}

  Data data() {
    Dataset ds = dataset;
    List<Example> pool = b.trainSize == 0 ? ds.train()
        : Datasets.sampleStratified(ds.train(), b.trainSize, b.seed);
    int devCount = Math.max(1, (int) Math.round(0.1 * pool.size()));
    Datasets.HoldOut split = Datasets.holdOut(pool, devCount, b.seed);
    List<Example> test = ds.dev();
    if (b.testSize > 0 && b.testSize < test.size()) {
      test = Datasets.sampleStratified(test, b.testSize, b.seed);
    }
    return new Data(split.rest(), split.heldOut(), test);
  }

  // ---- feature cache (HEAD mode) -------------------------------------------------------------

  /** Batch of FULL-mode evaluation passes. */
  private static final int EVAL_BATCH = 32;

  /** Forgets every cached feature vector held in memory (HEAD mode; files stay). */
  static void clearFeatureCache() {
    org.ftlab.train.FeatureCache.clearMemory();
    synchronized (SURT_MEMO) {
      SURT_MEMO.clear();
    }
  }

  /** SURT's re-trained features of one (model, data, max length, SURT settings) and its MLM loss. */
  private record SurtFeatures(Map<Example, float[]> features, double[] loss) {}

  /**
   * SURT's re-trained encoder depends only on the model, the 90% training text (the same for
   * Tables 3 and 4: examples are removed per run after the split), the base seed and the SURT
   * settings, so its features are kept for the next HEAD-mode run with the same key (the last 16
   * keys, in memory only: a table has one per task, each a few MB at most). They never enter
   * {@link org.ftlab.train.FeatureCache}.
   */
  private static final Map<String, SurtFeatures> SURT_MEMO = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SurtFeatures> e) {
      return size() > 16;
    }
  };

  private String surtKey(Data data) {
    return String.join("|", b.model.trim().toLowerCase(Locale.ROOT), dataset.name(),
        String.valueOf(b.maxLength), String.valueOf(b.seed), String.valueOf(b.trainSize),
        String.valueOf(data.train.size()), String.valueOf(data.test.size()), String.valueOf(b.testSize),
        String.valueOf(b.surtSteps), String.valueOf(b.surtLearningRate), String.valueOf(b.surtBatchSize),
        String.valueOf(b.surtMaskProbability), String.valueOf(b.surtTransform),
        String.valueOf(data.train.hashCode()), String.valueOf(data.test.hashCode()));
  }

  private static SurtFeatures surtMemo(String key) {
    synchronized (SURT_MEMO) {
      return SURT_MEMO.get(key);
    }
  }

  private static void remember(String key, SurtFeatures f) {
    synchronized (SURT_MEMO) {
      SURT_MEMO.put(key, f);
    }
  }

  static Tokenized tokenize(List<Example> ex, int[] rows, BertTokenizer tok) {
    List<String> a = new ArrayList<>();
    List<String> c = new ArrayList<>();
    boolean pair = false;
    for (int r : rows) {
      Example e = ex.get(r);
      a.add(e.text1());
      c.add(e.isPair() ? e.text2() : "");
      pair |= e.isPair();
    }
    return pair ? tok.encodePairs(a, c) : tok.encode(a);
  }

  /**
   * Pooled features of the examples, [n][d], no gradient. Each example is encoded alone (a batch of
   * one, its own token count, no padding), so its features do not depend on which other examples
   * are encoded in the same call: HEAD-mode runs give the same numbers whatever the shared
   * {@link org.ftlab.train.FeatureCache} already held (float32 matmul results can depend on the batch
   * shape, e.g. under AVX-512; see {@link org.ftlab.train.FeatureCache}). Encoding alone was also
   * faster than the length-sorted batches of 32 used before: 256 RTE pairs at 64 tokens with two
   * intra-op threads took 10-17 s against 50-66 s (MiniLM, 3 interleaved runs, 2-core EPYC at
   * load 8-12).
   */
  static float[][] encode(List<Example> ex, BertEncoder enc, BertTokenizer tok, NDManager root,
      Progress pr) {
    float[][] f = new float[ex.size()][];
    Autograd.noGrad(() -> {
      for (int i = 0; i < f.length; i++) {
        try (NDManager scope = root.newSubManager()) {
          f[i] = enc.embed(tokenize(ex, new int[] {i}, tok), scope).toFloatArray();
        }
        pr.advance(1);
      }
    });
    return f;
  }

  // ---- run -----------------------------------------------------------------------------------

  /**
   * Runs every seed.
   *
   * @return scores, their mean and std, stability measures, time and memory
   */
  public GlueStabilityResult run() {
    long t0 = System.nanoTime();
    Data data = data();
    int classes = dataset.numClasses();
    GlueMetric metric = GlueMetric.of(dataset.name());
    List<SeedRun> runs = new ArrayList<>();
    double[] surtCurve = new double[0];
    double svmMargin = Double.NaN;
    double[] svmDirection = null;
    try (NDManager root = NDManager.newBaseManager();
        BertTokenizer tok = PretrainedModels.tokenizer(b.model, b.maxLength)) {
      if (b.mode == Mode.HEAD) {
        Map<Example, float[]> feats;
        if (b.method == StabilityMethod.SURT) {
          String surtKey = surtKey(data);
          SurtFeatures memo = surtMemo(surtKey);
          if (memo != null) {
            feats = memo.features();
            surtCurve = memo.loss().clone();
          } else {
            feats = new HashMap<>();
            try (BertEncoder enc = PretrainedModels.load(b.model, root)) {
              surtCurve = surt(enc, tok, data.train, root);
              List<Example> all = new ArrayList<>(data.train);
              all.addAll(data.dev);
              all.addAll(data.test);
              try (Progress pr = progress("encode " + dataset.name() + " (SURT encoder)", all.size())) {
                float[][] f = encode(all, enc, tok, root, pr);
                for (int i = 0; i < f.length; i++) {
                  feats.put(all.get(i), f[i]);
                }
              }
            }
            remember(surtKey, new SurtFeatures(feats, surtCurve.clone()));
          }
        } else {
          feats = features(data, tok, root);
        }
        if (b.svmReference && classes == 2 && b.headKind == Head.LINEAR) {
          try {
            SvmSolution s = MaxMarginSvm.fit(toDouble(data.train, feats), signs(data.train));
            svmDirection = s.weight();
            svmMargin = s.margin();
          } catch (IllegalArgumentException notSeparable) {
            svmDirection = null;
          }
        }
        try (Progress pr = progress(b.method.cliName() + " head runs on " + dataset.name(),
            (long) b.seeds * epochs())) {
          for (int k = 0; k < b.seeds; k++) {
            runs.add(new SeedTraining(this, b.seed + k, data, feats, null, null, null, root, pr,
                classes, metric).run());
          }
        }
      } else {
        try (BertEncoder enc = PretrainedModels.load(b.model, root);
            NDManager startScope = root.newSubManager()) {
          if (b.method == StabilityMethod.SURT) {
            surtCurve = surt(enc, tok, data.train, root);
          }
          enc.setTrainable(n -> true);
          Map<String, NDArray> start = new LinkedHashMap<>();
          Autograd.noGrad(() -> enc.parameters().forEach((k, v) -> {
            NDArray c = v.duplicate();
            c.attach(startScope);
            start.put(k, c);
          }));
          try (Progress pr = progress(b.method.cliName() + " full fine-tuning on " + dataset.name(),
              (long) b.seeds * epochs())) {
            for (int k = 0; k < b.seeds; k++) {
              for (Map.Entry<String, NDArray> e : start.entrySet()) {
                Autograd.assign(enc.parameters().get(e.getKey()), e.getValue());
              }
              runs.add(new SeedTraining(this, b.seed + k, data, null, enc, tok, start, root, pr,
                  classes, metric).run());
            }
          }
        }
      }
    }
    double[] cos = new double[runs.size()];
    for (int i = 0; i < cos.length; i++) {
      cos[i] = svmDirection == null ? Double.NaN : Vectors.cosine(runs.get(i).headDirection(), svmDirection);
    }
    return new GlueStabilityResult(b.model.trim().toLowerCase(Locale.ROOT),
        dataset.name(), b.method, b.mode, b.headKind, metric.label(), heads(), data.train.size(), data.dev.size(),
        data.test.size(), b.removeFraction, epochs(), learningRate(), b.seed, runs, cos, svmMargin,
        surtCurve, (System.nanoTime() - t0) / 1e9, ProcessMemory.peakRssBytes());
  }

  private Progress progress(String what, long total) {
    return b.progress ? Progress.start(what, total) : Progress.silent(what, total);
  }

  /**
   * Pooled features of every example of the data (HEAD mode, original encoder), through the shared
   * {@link org.ftlab.train.FeatureCache}: in memory for the JVM and, with a cache directory, on
   * disk, keyed by (model, task, split, max length, the split file's SHA-256). The encoder is loaded
   * only when some example is missing. SURT never comes here (its encoder is re-trained).
   */
  private Map<Example, float[]> features(Data data, BertTokenizer tok, NDManager root) {
    String model = b.model.trim().toLowerCase(Locale.ROOT);
    String modelKey = PretrainedModels.names().indexOf(model) / 2 + ":" + model;
    Map<Example, float[]> out = new HashMap<>();
    BertEncoder[] enc = new BertEncoder[1];
    try {
      List<Example> fromTrain = new ArrayList<>(data.train);
      fromTrain.addAll(data.dev);
      Object[][] parts = {{"train", dataset.train(), fromTrain}, {"dev", dataset.dev(), data.test}};
      for (Object[] part : parts) {
        @SuppressWarnings("unchecked")
        List<Example> split = (List<Example>) part[1];
        @SuppressWarnings("unchecked")
        List<Example> wanted = (List<Example>) part[2];
        org.ftlab.train.FeatureCache.Key key = org.ftlab.train.FeatureCache.key(modelKey,
            dataset.name(), (String) part[0], b.maxLength, "pooled", split);
        float[][] f = org.ftlab.train.FeatureCache.features(key, split, wanted, missing -> {
          if (enc[0] == null) {
            enc[0] = PretrainedModels.load(b.model, root);
          }
          try (Progress pr = progress("encode " + dataset.name() + " " + part[0] + " with " + b.model,
              missing.size())) {
            return encode(missing, enc[0], tok, root, pr);
          }
        }, b.cacheDir);
        for (int i = 0; i < f.length; i++) {
          out.put(wanted.get(i), f[i]);
        }
      }
    } finally {
      if (enc[0] != null) {
        enc[0].close();
      }
    }
    return out;
  }

  /** SURT (§3.3): masked-LM re-training of the encoder on the training text; returns the loss curve. */
  private double[] surt(BertEncoder enc, BertTokenizer tok, List<Example> train, NDManager root) {
    List<Tokenized> batches = new ArrayList<>();
    for (int from = 0; from < train.size(); from += b.surtBatchSize) {
      int to = Math.min(train.size(), from + b.surtBatchSize);
      batches.add(tokenize(train, java.util.stream.IntStream.range(from, to).toArray(), tok));
    }
    try (MaskedLm mlm = new MaskedLm(enc, b.surtTransform, root)) {
      return mlm.train(batches, b.surtSteps, b.surtLearningRate, b.surtMaskProbability, b.seed,
          b.progress);
    }
  }

  private static double[][] toDouble(List<Example> ex, Map<Example, float[]> feats) {
    double[][] x = new double[ex.size()][];
    for (int i = 0; i < x.length; i++) {
      float[] f = feats.get(ex.get(i));
      x[i] = new double[f.length];
      for (int j = 0; j < f.length; j++) {
        x[i][j] = f[j];
      }
    }
    return x;
  }

  private static double[] signs(List<Example> ex) {
    double[] y = new double[ex.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = ex.get(i).label() == 1 ? 1 : -1;
    }
    return y;
  }

  // ---- one run -------------------------------------------------------------------------------

  /**
   * What one seed produced.
   *
   * @param seed the run's seed
   * @param score test metric (percent) at the chosen epoch
   * @param accuracy test accuracy (percent)
   * @param f1 test F1 (percent): of class 1 for binary tasks, macro-F1 otherwise
   * @param devScore held-out dev metric at the chosen epoch
   * @param bestEpoch chosen epoch (1-based)
   * @param epochsRun epochs trained
   * @param predictions test predictions at the chosen epoch
   * @param headDirection the mean head w̄ as [v; −b] (binary: v = w̄_1 − w̄_0) or flattened [W; b]
   *     (MLP head: its output layer, a direction in the hidden space)
   * @param headDistance ||w̄ − w̄_0|| of the mean head (as {@code headDirection}) from its start
   * @param encoderDistance ||θ − θ_0|| of the encoder from its start (FULL; NaN in HEAD mode)
   * @param centerDistance mean distance of the test features' class centres (eq. 8's quantity)
   */
  record SeedRun(long seed, double score, double accuracy, double f1, double devScore, int bestEpoch,
      int epochsRun, int[] predictions, double[] headDirection, double headDistance,
      double encoderDistance, double centerDistance) {}

  /** The training of one seed; HEAD mode when {@code enc} is null. */
  static final class SeedTraining {
    private final GlueStability g;
    private final Builder b;
    private final long seed;
    private final Map<Example, float[]> feats;
    private final BertEncoder enc;
    private final BertTokenizer tok;
    private final Map<String, NDArray> start;
    private final NDManager root;
    private final Progress pr;
    private final int classes;
    private final GlueMetric metric;
    private final List<Example> train;
    private final List<Example> dev;
    private final List<Example> test;
    private final int heads;
    private final int d;

    SeedTraining(GlueStability g, long seed, Data data, Map<Example, float[]> feats, BertEncoder enc,
        BertTokenizer tok, Map<String, NDArray> start, NDManager root, Progress pr, int classes,
        GlueMetric metric) {
      this.g = g;
      this.b = g.b;
      this.seed = seed;
      this.feats = feats;
      this.enc = enc;
      this.tok = tok;
      this.start = start;
      this.root = root;
      this.pr = pr;
      this.classes = classes;
      this.metric = metric;
      List<Example> tr = data.train;
      if (b.removeFraction > 0) {
        int r = (int) Math.round(b.removeFraction * tr.size());
        if (r > 0) {
          tr = Datasets.holdOut(tr, r, seed ^ 0x2545F4914F6CDD1DL).rest();
        }
      }
      this.train = tr;
      this.dev = data.dev;
      this.test = data.test;
      this.heads = g.heads();
      this.d = enc != null ? enc.hiddenSize() : feats.get(tr.get(0)).length;
    }

    private boolean head() {
      return enc == null;
    }

    /** Pooled features of some rows (a gradient path to the encoder in FULL mode). */
    private NDArray pooled(List<Example> ex, int[] rows, NDManager scope, NDArray embeddingNoise) {
      if (head()) {
        float[][] f = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
          f[i] = feats.get(ex.get(rows[i]));
        }
        return scope.create(f);
      }
      Tokenized t = tokenize(ex, rows, tok);
      ai.djl.ndarray.NDList in = t.toNDList(scope);
      return enc.pool(enc.forward(in.get(0), in.get(1), in.get(2), embeddingNoise), in.get(1));
    }

    private static int[] labels(List<Example> ex, int[] rows) {
      int[] y = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        y[i] = ex.get(rows[i]).label();
      }
      return y;
    }

    SeedRun run() {
      return head() && (!b.djlHead || b.headKind == Head.MLP) ? runJava() : runDjl();
    }

    /** The initial heads: N(0, 1/d) from Random(seed), head h in columns h·C..h·C+C−1 of W. */
    private float[] initialWeights() {
      int c = classes;
      float[] w0 = new float[d * heads * c];
      Random init = new Random(seed);
      double sd = 1.0 / Math.sqrt(d);
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < d; i++) {
          for (int k = 0; k < c; k++) {
            w0[i * heads * c + h * c + k] = (float) (init.nextGaussian() * sd);
          }
        }
      }
      return w0;
    }

    /**
     * The MLP head's dense layer W_1 ({@code d × d}, row-major): N(0, 1/d) from its own stream
     * {@code Random(seed ^ 0x6A09E667F3BCC909L)}, so the output layer's draws (and head h of MHLoss)
     * are those of the linear head and every method of a seed starts from the same W_1.
     */
    private float[] hiddenWeights() {
      float[] w1 = new float[d * d];
      Random init = new Random(seed ^ 0x6A09E667F3BCC909L);
      double sd = 1.0 / Math.sqrt(d);
      for (int i = 0; i < w1.length; i++) {
        w1[i] = (float) (init.nextGaussian() * sd);
      }
      return w1;
    }

    /** HEAD mode in plain Java ({@link HeadTrainer}): same draws, losses and AdamW as {@link #runDjl}. */
    private SeedRun runJava() {
      int c = classes;
      boolean mlp = b.headKind == Head.MLP;
      HeadTrainer ht = new HeadTrainer(initialWeights(), mlp ? hiddenWeights() : null, d, heads, c,
          g.learningRate());
      double mmr = mlp && b.method == StabilityMethod.MMR ? b.mmrAlpha : 0;
      double[] dir0 = direction(ht.weightsAsFloat(), ht.biasAsFloat());
      double[][] xTrain = doubles(train);
      double[][] xDev = doubles(dev);
      double[][] xTest = doubles(test);
      SplittableRandom mixRnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
      Random noise = new Random(seed * 0x9E3779B97F4A7C15L + 2);
      Random shuffle = new Random(seed ^ 0x5DEECE66DL);
      double mixP = b.method == StabilityMethod.MIXOUT ? b.mixoutP : Double.NaN;
      double sigma = b.method == StabilityMethod.LNSR && b.lnsrWeight > 0 ? b.lnsrSigma : Double.NaN;
      int n = train.size();
      int epochs = g.epochs();
      double bestDev = Double.NEGATIVE_INFINITY;
      double bestDevLoss = Double.POSITIVE_INFINITY;
      int bestEpoch = 0;
      int epochsRun = 0;
      Eval best = null;
      double[] bestDir = null;
      for (int epoch = 1; epoch <= epochs; epoch++) {
        int[] perm = permutation(n, shuffle);
        for (int from = 0; from < n; from += b.batchSize) {
          int[] rows = Arrays.copyOfRange(perm, from, Math.min(n, from + b.batchSize));
          double[][] x = new double[rows.length][];
          for (int i = 0; i < rows.length; i++) {
            x[i] = xTrain[rows[i]];
          }
          ht.step(x, labels(train, rows), mixP, mixRnd, sigma, b.lnsrWeight, noise, mmr);
        }
        epochsRun = epoch;
        Eval dv = evaluateJava(dev, xDev, ht);
        pr.step();
        if (dv.score > bestDev || (dv.score == bestDev && dv.loss < bestDevLoss)) {
          bestDev = dv.score;
          bestDevLoss = dv.loss;
          bestEpoch = epoch;
          best = evaluateJava(test, xTest, ht); // only the chosen epoch's test score is reported
          bestDir = direction(ht.weightsAsFloat(), ht.biasAsFloat());
        } else if (epoch - bestEpoch >= b.patience) {
          break;
        }
      }
      pr.advance(epochs - epochsRun);
      return finish(best, bestDev, bestEpoch, epochsRun, bestDir, Vectors.distance(bestDir, dir0),
          Double.NaN);
    }

    private double[][] doubles(List<Example> ex) {
      return toDouble(ex, feats);
    }

    private Eval evaluateJava(List<Example> ex, double[][] x, HeadTrainer ht) {
      int n = ex.size();
      int[] pred = new int[n];
      int[] gold = ex.stream().mapToInt(Example::label).toArray();
      double loss = 0;
      double[][] zs = ht.meanLogits(x);
      for (int i = 0; i < n; i++) {
        double[] z = zs[i];
        int arg = 0;
        double max = z[0];
        for (int k = 1; k < z.length; k++) {
          if (z[k] > max) {
            max = z[k];
            arg = k;
          }
        }
        pred[i] = arg;
        double sum = 0;
        for (double v : z) {
          sum += Math.exp(v - max);
        }
        loss += -(z[gold[i]] - max - Math.log(sum)) / n;
      }
      double[][] rep = x;
      if (ht.hidden()) {
        rep = new double[n][];
        for (int i = 0; i < n; i++) {
          rep[i] = ht.representation(x[i]);
        }
      }
      return new Eval(metric.score(pred, gold, classes), loss, pred, centerDistance(rep, gold));
    }

    private double centerDistance(double[][] x, int[] gold) {
      double[][] centre = new double[classes][d];
      int[] count = new int[classes];
      for (int i = 0; i < x.length; i++) {
        count[gold[i]]++;
        for (int j = 0; j < d; j++) {
          centre[gold[i]][j] += x[i][j];
        }
      }
      return meanCentreDistance(centre, count);
    }

    /** Mean over class pairs of ||μ_a − μ_b|| from per-class feature sums and counts (NaN: no pair). */
    private double meanCentreDistance(double[][] centre, int[] count) {
      double dist = 0;
      int pairs = 0;
      for (int a = 0; a < classes; a++) {
        for (int c2 = a + 1; c2 < classes; c2++) {
          if (count[a] == 0 || count[c2] == 0) {
            continue;
          }
          double s = 0;
          for (int j = 0; j < d; j++) {
            double diff = centre[a][j] / count[a] - centre[c2][j] / count[c2];
            s += diff * diff;
          }
          dist += Math.sqrt(s);
          pairs++;
        }
      }
      return pairs == 0 ? Double.NaN : dist / pairs;
    }

    private SeedRun finish(Eval best, double bestDev, int bestEpoch, int epochsRun, double[] bestDir,
        double headDist, double encDist) {
      int[] gold = test.stream().mapToInt(Example::label).toArray();
      double acc = 100 * GlueMetric.accuracy(best.predictions, gold);
      double f1 = 100 * (classes == 2 ? GlueMetric.f1(best.predictions, gold, 1)
          : GlueMetric.macroF1(best.predictions, gold, classes));
      return new SeedRun(seed, best.score, acc, f1, bestDev, bestEpoch, epochsRun, best.predictions,
          bestDir, headDist, encDist, best.centerDistance);
    }

    /** The DJL autograd path: FULL mode, and HEAD mode when asked for. */
    private SeedRun runDjl() {
      int c = classes;
      float[] w0 = initialWeights();
      try (NDManager local = root.newSubManager()) {
        NDArray weight = local.create(w0, new Shape(d, (long) heads * c));
        weight.setRequiresGradient(true);
        NDArray bias = local.zeros(new Shape((long) heads * c));
        bias.setRequiresGradient(true);
        NDArray weightStart = weight.duplicate();
        double[] dir0 = direction(weight, bias);
        List<NamedParameter> params = new ArrayList<>();
        params.add(new NamedParameter("head.weight", weight));
        params.add(new NamedParameter("head.bias", bias));
        if (!head()) {
          enc.parameters().forEach((k, v) -> params.add(new NamedParameter(k, v)));
        }
        MixOut mix = null;
        if (b.method == StabilityMethod.MIXOUT) {
          List<NamedParameter> mixed = new ArrayList<>();
          List<NDArray> w0s = new ArrayList<>();
          mixed.add(params.get(0));
          w0s.add(weightStart);
          if (!head()) {
            for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
              if (isLinearWeight(e.getKey(), e.getValue())) {
                mixed.add(new NamedParameter(e.getKey(), e.getValue()));
                w0s.add(start.get(e.getKey()));
              }
            }
          }
          mix = new MixOut(b.mixoutP, mixed, w0s, seed * 0x9E3779B97F4A7C15L + 1);
        }
        Random noise = new Random(seed * 0x9E3779B97F4A7C15L + 2);
        Random shuffle = new Random(seed ^ 0x5DEECE66DL);
        AdamW opt = new AdamW(g.learningRate(), local);
        int n = train.size();
        int epochs = g.epochs();
        double bestDev = Double.NEGATIVE_INFINITY;
        double bestDevLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epochsRun = 0;
        Eval best = null;
        double[] bestDir = null;
        double bestHeadDist = Double.NaN;
        double bestEncDist = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
          int[] perm = permutation(n, shuffle);
          for (int from = 0; from < n; from += b.batchSize) {
            int[] rows = Arrays.copyOfRange(perm, from, Math.min(n, from + b.batchSize));
            int[] y = labels(train, rows);
            try (NDManager scope = root.newSubManager()) {
              Autograd.zeroGradients(params);
              MixOut.Step st = mix == null ? null : mix.apply(scope);
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = pooled(train, rows, scope, null);
                NDArray logits = x.matMul(weight).add(bias);
                NDArray loss = MethodTerms.multiHeadLoss(logits, y, heads, c);
                if (b.method == StabilityMethod.MMR && !head() && b.mmrAlpha > 0) {
                  NDArray r = MethodTerms.maxMarginRegularizer(x, y, c);
                  if (r != null) {
                    loss = loss.add(Autograd.mul(r, (float) b.mmrAlpha));
                  }
                }
                if (b.method == StabilityMethod.LNSR && b.lnsrWeight > 0) {
                  NDArray pen;
                  if (head()) {
                    NDArray xn = x.add(MethodTerms.gaussian(scope, x.getShape(), b.lnsrSigma, noise));
                    pen = MethodTerms.noisePenalty(xn.matMul(weight).add(bias), logits);
                  } else {
                    Tokenized t = tokenize(train, rows, tok);
                    Shape es = new Shape(t.batchSize(), t.length(), d);
                    NDArray xn = pooled(train, rows, scope,
                        MethodTerms.gaussian(scope, es, b.lnsrSigma, noise));
                    pen = MethodTerms.noisePenalty(xn, x);
                  }
                  loss = loss.add(Autograd.mul(pen, (float) b.lnsrWeight));
                }
                gc.backward(loss);
              }
              if (st != null) {
                st.restore();
              }
              opt.step(params);
            }
          }
          epochsRun = epoch;
          Eval dv = evaluate(dev, weight, bias);
          Eval te = evaluate(test, weight, bias);
          pr.step();
          if (dv.score > bestDev || (dv.score == bestDev && dv.loss < bestDevLoss)) {
            bestDev = dv.score;
            bestDevLoss = dv.loss;
            bestEpoch = epoch;
            best = te;
            bestDir = direction(weight, bias);
            bestHeadDist = Vectors.distance(bestDir, dir0);
            bestEncDist = head() ? Double.NaN : encoderDistance();
          } else if (epoch - bestEpoch >= b.patience) {
            break;
          }
        }
        pr.advance(epochs - epochsRun);
        return finish(best, bestDev, bestEpoch, epochsRun, bestDir, bestHeadDist, bestEncDist);
      }
    }

    /** Encoder distance from its start, sqrt(Σ ||θ − θ_0||²). */
    private double encoderDistance() {
      return Autograd.noGrad(() -> {
        double s = 0;
        try (NDManager tmp = root.newSubManager()) {
          for (Map.Entry<String, NDArray> e : enc.parameters().entrySet()) {
            NDArray diff = e.getValue().duplicate();
            diff.attach(tmp);
            s += diff.sub(start.get(e.getKey())).square().sum().getFloat();
          }
        }
        return Math.sqrt(s);
      });
    }

    private double[] direction(NDArray weight, NDArray bias) {
      return direction(weight.toFloatArray(), bias.toFloatArray());
    }

    /** The mean head w̄ as [v; −b] for binary tasks (v = w̄_1 − w̄_0), else flattened [W̄; b̄]. */
    private double[] direction(float[] w, float[] bb) {
      int c = classes;
      double[][] wm = new double[d][c];
      double[] bm = new double[c];
      for (int i = 0; i < d; i++) {
        for (int h = 0; h < heads; h++) {
          for (int k = 0; k < c; k++) {
            wm[i][k] += w[i * heads * c + h * c + k] / (double) heads;
          }
        }
      }
      for (int h = 0; h < heads; h++) {
        for (int k = 0; k < c; k++) {
          bm[k] += bb[h * c + k] / (double) heads;
        }
      }
      if (c == 2) {
        double[] out = new double[d + 1];
        for (int i = 0; i < d; i++) {
          out[i] = wm[i][1] - wm[i][0];
        }
        out[d] = -(bm[1] - bm[0]);
        return out;
      }
      double[] out = new double[d * c + c];
      for (int i = 0; i < d; i++) {
        System.arraycopy(wm[i], 0, out, i * c, c);
      }
      System.arraycopy(bm, 0, out, d * c, c);
      return out;
    }

    private record Eval(double score, double loss, int[] predictions, double centerDistance) {}

    /** Task metric, mean cross-entropy and predictions of the mean head, no gradient. */
    private Eval evaluate(List<Example> ex, NDArray weight, NDArray bias) {
      int n = ex.size();
      int[] pred = new int[n];
      int[] gold = ex.stream().mapToInt(Example::label).toArray();
      double[] lossSum = new double[1];
      double[][] centre = new double[classes][d];
      int[] count = new int[classes];
      Autograd.noGrad(() -> {
        for (int from = 0; from < n; from += EVAL_BATCH) {
          int[] rows = java.util.stream.IntStream.range(from, Math.min(n, from + EVAL_BATCH)).toArray();
          try (NDManager scope = root.newSubManager()) {
            NDArray x = pooled(ex, rows, scope, null);
            NDArray logits = MethodTerms.meanHeadLogits(x.matMul(weight).add(bias), heads, classes);
            int[] y = labels(ex, rows);
            lossSum[0] += MethodTerms.multiHeadLoss(logits, y, 1, classes).getFloat() * rows.length;
            long[] am = logits.argMax(1).toLongArray();
            float[] xf = x.toFloatArray();
            for (int i = 0; i < rows.length; i++) {
              pred[rows[i]] = (int) am[i];
              count[y[i]]++;
              for (int j = 0; j < d; j++) {
                centre[y[i]][j] += xf[i * d + j];
              }
            }
          }
        }
      });
      return new Eval(metric.score(pred, gold, classes), lossSum[0] / n, pred,
          meanCentreDistance(centre, count));
    }
  }

  /** A linear layer's weight matrix of the encoder (what MixOut mixes in FULL mode). */
  static boolean isLinearWeight(String name, NDArray a) {
    return name.startsWith("encoder.layer.") && name.endsWith(".weight") && !name.contains("LayerNorm")
        && a.getShape().dimension() == 2;
  }

  private static int[] permutation(int n, Random r) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
