package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import ai.djl.ndarray.NDManager;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ftlab.data.Datasets;
import org.ftlab.ntk.TaskSpectra;
import org.ftlab.ntk.TaskSpectrum;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.train.BetaRanking;
import org.ftlab.train.EncoderFineTuner;
import org.ftlab.train.LearningCurves;
import org.ftlab.train.LearningCurvesResult;

/**
 * {@code ./ftlab curves --model minilm --data stsb,rte --sizes 50,100,200 --seeds 3 --seed 0}: learning
 * curves of paper 1, §7.1 / Figure 2 and 10 ({@link LearningCurves}), and the comparison of the tasks'
 * learning speed with their NTK decay exponent β ({@link BetaRanking}): against the paper's β and, unless
 * {@code --beta-n 0}, against ours from {@link TaskSpectra} (head + last {@code --beta-layers} layers,
 * {@code --beta-n} examples, {@code --beta-draws} draws). Prints one JSON object.
 */
final class CurvesCommand implements Command {
  @Override
  public String name() {
    return "curves";
  }

  @Override
  public String summary() {
    return "learning curves (test metric vs training-set size over seeds) and the beta ranking check";
  }

  @Override
  public String example() {
    return "curves --model minilm --data stsb,rte --sizes 50,100,200 --seeds 3 --seed 0";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.choice("model", "minilm", PretrainedModels.names(), "pretrained encoder"),
        Option.required("data", Option.Kind.STRING, "comma-separated datasets, of "
            + String.join(", ", Datasets.names())),
        Option.of("sizes", Option.Kind.STRING, "50,100,200",
            "comma-separated training-set sizes (10% held out for early stopping)"),
        Option.of("seeds", Option.Kind.POSITIVE_INT, "3", "seeds per size"),
        Option.of("seed", Option.Kind.LONG, "0", "first seed (runs use seed, seed+1, ...)"),
        Option.choice("mode", "probe", List.of("probe", "lastk"), "parameters trained"),
        Option.of("last-k", Option.Kind.POSITIVE_INT, "1", "layers trained with --mode lastk"),
        Option.of("layer", Option.Kind.INT, "", "layer below the appended head (default: the last)"),
        Option.choice("features", "siamese", List.of("siamese", "pooled"),
            "pairs: [u*v, |u-v|] of separately encoded sentences, or the pooled pair"),
        Option.of("epochs", Option.Kind.POSITIVE_INT, "30", "most epochs per run"),
        Option.of("patience", Option.Kind.POSITIVE_INT, "5", "non-improving epochs that stop"),
        Option.of("lr", Option.Kind.POSITIVE_DOUBLE, "", "learning rate (default 1e-2 probe)"),
        Option.of("batch-size", Option.Kind.POSITIVE_INT, "16", "mini-batch size"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "64", "most tokens per input"),
        Option.of("test-size", Option.Kind.INT, "500", "test examples per task (0 = all)"),
        Option.of("fixed-n", Option.Kind.INT, "", "size of the fixed-n ranking (default: the largest)"),
        Option.of("beta-n", Option.Kind.INT, "100", "examples per NTK for our beta (0 = paper's beta only)"),
        Option.of("beta-draws", Option.Kind.POSITIVE_INT, "1", "NTK draws per task"),
        Option.of("beta-layers", Option.Kind.INT, "1", "last layers in the NTK besides the head"),
        Option.of("beta-max-length", Option.Kind.POSITIVE_INT, "32", "most tokens per NTK input"),
        Option.flag("progress", "show progress lines on stderr"));
  }

  static int[] sizes(String text) {
    String[] parts = text.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--sizes: expects comma-separated whole numbers, got '" + text + "'");
      }
    }
    return out;
  }

  /**
   * Runs the curves and the rankings for parsed arguments (the notebook helpers call this).
   *
   * @return curves with a ranking against the paper's β and, unless {@code --beta-n 0}, ours
   */
  static LearningCurvesResult compute(Args a) {
    List<String> tasks = new ArrayList<>();
    for (String t : a.string("data").split(",")) {
      String name = t.trim().toLowerCase(Locale.ROOT);
      if (!Datasets.names().contains(name)) {
        throw new UsageException("--data: unknown '" + t + "'; accepted: " + String.join(", ", Datasets.names()));
      }
      tasks.add(name);
    }
    int[] sizes = sizes(a.string("sizes"));
    int fixedN = a.has("fixed-n") ? a.integer("fixed-n") : sizes[sizes.length - 1];
    if (java.util.Arrays.stream(sizes).noneMatch(n -> n == fixedN)) {
      throw new UsageException("--fixed-n: " + fixedN + " is not one of --sizes " + a.string("sizes"));
    }
    if (a.integer("beta-n") < 0 || a.integer("beta-n") == 1 || a.integer("beta-layers") < 0) {
      throw new UsageException("--beta-n: must be 0 or >= 2 and --beta-layers >= 0");
    }
    LearningCurves.Builder b = LearningCurves.builder().setModel(a.string("model")).setTasks(tasks)
        .optSizes(sizes).optSeeds(a.integer("seeds")).optSeed(a.longValue("seed"))
        .optMode("lastk".equals(a.string("mode")) ? EncoderFineTuner.Mode.LAST_K : EncoderFineTuner.Mode.PROBE)
        .optLastK(a.integer("last-k"))
        .optFeatures("pooled".equals(a.string("features"))
            ? EncoderFineTuner.Features.POOLED : EncoderFineTuner.Features.SIAMESE)
        .optEpochs(a.integer("epochs")).optPatience(a.integer("patience"))
        .optBatchSize(a.integer("batch-size")).optMaxLength(a.integer("max-length"))
        .optTestSize(a.integer("test-size")).optProgress(a.flag("progress"));
    if (a.has("layer")) {
      b.optLayer(a.integer("layer"));
    }
    if (a.has("lr")) {
      b.optLearningRate(a.real("lr"));
    }
    LearningCurvesResult r;
    try {
      r = b.build().run();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage().lines().findFirst().orElse("bad argument");
      throw new UsageException(m.startsWith("layer:") || m.startsWith("lastK:") || m.startsWith("sizes:")
          || m.startsWith("seeds:") || m.startsWith("mode:") ? "--" + m : m);
    }
    List<BetaRanking> rankings = new ArrayList<>();
    rankings.add(r.rankAgainst("paper (GPT-Neo, N=100)", BetaRanking.PAPER_BETA, fixedN));
    int betaN = a.integer("beta-n");
    if (betaN > 0) {
      Map<String, Double> ours = new LinkedHashMap<>();
      try (NDManager m = NDManager.newBaseManager();
          BertTokenizer tok = PretrainedModels.tokenizer(a.string("model"), a.integer("beta-max-length"));
          BertEncoder enc = PretrainedModels.load(a.string("model"), m);
          ScalarHeadModel model = ScalarHeadModel.create(enc, a.longValue("seed"), m)) {
        for (String t : tasks) {
          TaskSpectrum s = TaskSpectra.builder().setTask(t).optSamples(betaN).optDraws(a.integer("beta-draws"))
              .optSeed(a.longValue("seed")).optLayersTrained(a.integer("beta-layers"))
              .optProgress(a.flag("progress")).build().run(model, tok);
          ours.put(t, s.betaMean());
        }
      }
      rankings.add(r.rankAgainst(String.format(Locale.ROOT,
          "ours (TaskSpectra: %s, head + last %d layer(s), N=%d, %d draw(s), %d tokens)", a.string("model"),
          a.integer("beta-layers"), betaN, a.integer("beta-draws"), a.integer("beta-max-length")), ours, fixedN));
    }
    return r.withRankings(rankings);
  }

  @Override
  public void run(Args args, PrintStream out) {
    out.println(compute(args).toJson());
  }
}
