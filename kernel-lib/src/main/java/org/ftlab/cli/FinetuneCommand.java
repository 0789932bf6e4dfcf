package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.ftlab.data.Datasets;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.train.EncoderFineTuner;
import org.ftlab.train.FineTuneResult;

/**
 * {@code ./ftlab finetune --model minilm --data stsb --train-size 500 --seed 0}: fine-tunes a
 * pretrained encoder with a linear head and hold-out early stopping (paper 1, §6.2 and §7) via
 * {@link EncoderFineTuner}; prints one JSON object with the curves, the chosen epoch and the test
 * metrics (MSE for regression, accuracy and macro-F1 for classification).
 */
final class FinetuneCommand implements Command {
  @Override
  public String name() {
    return "finetune";
  }

  @Override
  public String summary() {
    return "fine-tune a pretrained encoder + head on a dataset with hold-out early stopping";
  }

  @Override
  public String example() {
    return "finetune --model minilm --data stsb --train-size 500 --seed 0 --mode probe";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.choice("model", "minilm", PretrainedModels.names(), "pretrained encoder"),
        Option.required("data", Option.Kind.STRING, "dataset, one of " + String.join(", ",
            Datasets.names())),
        Option.required("train-size", Option.Kind.POSITIVE_INT,
            "training examples drawn (10% of them held out for early stopping)"),
        Option.of("seed", Option.Kind.LONG, "0", "seed of sampling, head and shuffling"),
        Option.choice("mode", "probe", List.of("probe", "lastk", "full"), "parameters trained"),
        Option.of("last-k", Option.Kind.POSITIVE_INT, "1", "layers trained with --mode lastk"),
        Option.of("epochs", Option.Kind.POSITIVE_INT, "3", "most epochs"),
        Option.of("patience", Option.Kind.POSITIVE_INT, "2", "non-improving epochs that stop"),
        Option.of("lr", Option.Kind.POSITIVE_DOUBLE, "",
            "learning rate (default 1e-2 probe, 2e-5 otherwise; x10 for sgd)"),
        Option.of("weight-decay", Option.Kind.DOUBLE, "0", "decoupled weight decay >= 0"),
        Option.choice("optimizer", "adamw", List.of("adamw", "sgd"), "DJL optimiser"),
        Option.of("batch-size", Option.Kind.POSITIVE_INT, "16", "mini-batch size"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "64",
            "most tokens, [CLS]/[SEP] included, in [4, 512]"),
        Option.of("test-size", Option.Kind.INT, "0", "test examples scored (0 = all)"),
        Option.of("layer", Option.Kind.INT, "",
            "head appended at this layer, 0..L (paper 1 §5.1; default: the last)"),
        Option.choice("features", "pooled", List.of("pooled", "siamese"),
            "pairs: the pooled pair, or [u*v, |u-v|] of separately encoded sentences (probe only)"),
        Option.flag("progress", "show a progress line on stderr"));
  }

  @Override
  public void run(Args args, PrintStream out) {
    String data = args.string("data").trim().toLowerCase(Locale.ROOT);
    if (!Datasets.names().contains(data)) {
      throw new UsageException("--data: unknown '" + args.string("data") + "'; accepted: "
          + String.join(", ", Datasets.names()));
    }
    EncoderFineTuner.Mode mode = switch (args.string("mode")) {
      case "lastk" -> EncoderFineTuner.Mode.LAST_K;
      case "full" -> EncoderFineTuner.Mode.FULL;
      default -> EncoderFineTuner.Mode.PROBE;
    };
    EncoderFineTuner.Builder b = EncoderFineTuner.builder().setModel(args.string("model"))
        .setTask(data).setTrainSize(args.integer("train-size")).optSeed(args.longValue("seed"))
        .optMode(mode).optLastK(args.integer("last-k")).optEpochs(args.integer("epochs"))
        .optPatience(args.integer("patience")).optWeightDecay(args.real("weight-decay"))
        .optOptimizer("sgd".equals(args.string("optimizer"))
            ? EncoderFineTuner.OptimizerKind.SGD : EncoderFineTuner.OptimizerKind.ADAMW)
        .optBatchSize(args.integer("batch-size")).optMaxLength(args.integer("max-length"))
        .optTestSize(args.integer("test-size")).optProgress(args.flag("progress"));
    if (args.has("lr")) {
      b.optLearningRate(args.real("lr"));
    }
    if (args.has("layer")) {
      b.optLayer(args.integer("layer"));
    }
    if ("siamese".equals(args.string("features"))) {
      b.optFeatures(EncoderFineTuner.Features.SIAMESE);
    }
    FineTuneResult r;
    try {
      r = b.build().run();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage().lines().findFirst().orElse("bad argument");
      throw new UsageException(m.startsWith("layer:") || m.startsWith("features:") ? "--" + m : m);
    }
    out.println(args.has("layer") ? r.toJson().put("layer", (long) args.integer("layer")) : r.toJson());
  }
}
