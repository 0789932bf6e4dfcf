package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ftlab.data.Dataset;
import org.ftlab.data.Datasets;
import org.ftlab.data.Example;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.ScalarHeadModel;
import org.ftlab.stability.ParameterDistance;
import org.ftlab.stability.ParameterDistanceResult;
import org.ftlab.stability.TaylorValidity;
import org.ftlab.stability.TaylorValidityResult;
import org.ftlab.train.EncoderFineTuner;
import org.ftlab.train.FineTuned;
import org.ftlab.util.Json;
import org.junit.jupiter.api.Test;

/**
 * {@code appendix distance|taylor} through {@link Main#run}: each prints one JSON object whose
 * numbers equal those of the library called step by step with the same arguments (as
 * {@code notebooks/p2-05} does); bad arguments exit 2 with one line naming them.
 */
class AppendixCommandTest {
  /** Small but real: MiniLM, last layer + head, 12 RTE pairs of 16 tokens, 2 epochs. */
  private static final String TASK = "rte";
  private static final int TRAIN = 12;
  private static final int EPOCHS = 2;
  private static final int TOKENS = 16;
  private static final double LR = 1e-3;
  private static final long SEED = 4;
  private static final String[] TUNE = {"--task", TASK, "--train-size", "" + TRAIN, "--epochs",
      "" + EPOCHS, "--max-length", "" + TOKENS, "--lr", "" + LR, "--test-size", "8", "--seed",
      "" + SEED};

  private static EncoderFineTuner fineTuner() {
    return EncoderFineTuner.builder().setModel("minilm").setTask(TASK).setTrainSize(TRAIN)
        .optMode(EncoderFineTuner.Mode.LAST_K).optLastK(1).optEpochs(EPOCHS).optPatience(EPOCHS)
        .optMaxLength(TOKENS).optBatchSize(16).optLearningRate(LR).optTestSize(8).optSeed(SEED)
        .build();
  }

  private static String[] cmd(String sub, String... more) {
    List<String> a = new ArrayList<>(List.of("appendix", sub));
    a.addAll(List.of(TUNE));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  /**
   * Both subcommands against one step-by-step run as in the notebook: fine-tune once, then A.7
   * and A.8 on the same {@code w*} (the command fine-tunes per subcommand; same seed, same w*).
   */
  @Test
  void commandNumbersEqualTheLibraryCallWithTheSameArguments() {
    MainTest.Run r = MainTest.run(cmd("distance"));
    assertEquals(0, r.code(), r.err());
    assertEquals(1, r.out().strip().lines().count(), "one JSON line: " + r.out());
    JsonObject o = Json.parse(r.out().strip());
    assertEquals("appendix distance", o.get("command").getAsString());
    JsonObject res = o.getAsJsonObject("result");
    MainTest.Run rt = MainTest.run(cmd("taylor", "--examples", "4", "--repeats", "2",
        "--perturbations", "1e-2,1e-1", "--batch-seed", "7", "--draw-seed", "3"));
    assertEquals(0, rt.code(), rt.err());
    assertEquals(1, rt.out().strip().lines().count(), "one JSON line: " + rt.out());
    JsonObject tres = Json.parse(rt.out().strip()).getAsJsonObject("result");

    ParameterDistanceResult lib;
    TaylorValidityResult tlib;
    Dataset ds = Datasets.load(TASK);
    try (NDManager m = NDManager.newBaseManager();
        BertEncoder enc = PretrainedModels.load("minilm", m);
        BertTokenizer tok = PretrainedModels.tokenizer("minilm", TOKENS)) {
      Map<String, NDArray> w0 = new LinkedHashMap<>();
      FineTuned t;
      try (NDManager copies = m.newSubManager()) {
        for (var e : enc.parameters().entrySet()) {
          NDArray c = e.getValue().duplicate();
          c.attach(copies);
          w0.put(e.getKey(), c);
        }
        t = fineTuner().runOn(enc);
        lib = ParameterDistance.compute(w0, enc.parameters(), ParameterDistance.bertGroups());
      }
      List<Example> ex = Datasets.sample(ds.train(), 4, 7);
      NDArray x = ScalarHeadModel.pack(tok.encodePairs(ex.stream().map(Example::text1).toList(),
          ex.stream().map(Example::text2).toList()), m);
      NDArray y = m.create(ex.stream().mapToDouble(e -> 2.0 * e.label() - 1).toArray())
          .toType(DataType.FLOAT32, false);
      tlib = TaylorValidity.builder().setModel(new AppendixCommand.Margin(enc, t, m)).setInputs(x).setTargets(y)
          .setLoss(TaylorValidity.logistic()).optParameters(ScalarHeadModel.lastLayers(1, 6))
          .optPerturbations(1e-2, 1e-1).optRepeats(2).optSeed(3).build().run();
    }

    JsonArray groups = res.getAsJsonArray("groups");
    assertEquals(lib.groups().size(), groups.size(), "embeddings + 6 layers");
    long total = 0;
    for (int g = 0; g < groups.size(); g++) {
      JsonObject j = groups.get(g).getAsJsonObject();
      ParameterDistanceResult.Row row = lib.groups().get(g);
      assertEquals(row.group(), j.get("group").getAsString());
      assertEquals(row.count(), j.get("count").getAsLong());
      total += row.count();
      assertEquals(row.relative1(), j.get("relative1").getAsDouble(), 0.0, row.group()
          + ": 1-norm, same seed same numbers (tolerance 0)");
      assertEquals(row.relative2(), j.get("relative2").getAsDouble(), 0.0, row.group() + " 2-norm");
      assertEquals(row.relativeInf(), j.get("relativeInf").getAsDouble(), 0.0, row.group()
          + " inf-norm");
      boolean trained = row.group().equals("layer 5");
      assertEquals(trained, row.relative2() > 0, row.group() + ": only the last layer moves"
          + " (--mode lastk --last-k 1), and it does (2 epochs at lr 1e-3): " + row);
    }
    JsonObject overall = res.getAsJsonObject("overall");
    assertEquals(total, overall.get("count").getAsLong(), "overall counts every encoder tensor");
    assertEquals(lib.overall().relative2(), overall.get("relative2").getAsDouble(), 0.0,
        "overall 2-norm (tolerance 0)");

    assertEquals(tlib.lossAtOptimum(), tres.get("lossAtOptimum").getAsDouble(), 0.0,
        "f(w*) (tolerance 0)");
    assertEquals(tlib.parameterCount(), tres.get("parameterCount").getAsLong(),
        "layer 5 + head perturbed");
    for (int i = 0; i < 2; i++) {
      assertEquals(tlib.meanGap()[i], tres.getAsJsonArray("meanGap").get(i).getAsDouble(), 0.0,
          "2nd-order gap at p index " + i + " (tolerance 0)");
      assertEquals(tlib.meanFirstOrderGap()[i],
          tres.getAsJsonArray("meanFirstOrderGap").get(i).getAsDouble(), 0.0,
          "1st-order gap at p index " + i + " (tolerance 0)");
    }
    assertTrue(tlib.meanGap()[1] < tlib.meanFirstOrderGap()[1], "at p = 0.1 the second-order"
        + " expansion is closer than the first-order one: " + tlib);
  }

  @Test
  void badArgumentsExitTwoWithOneLineNamingThem() {
    String[][] cases = {
        {"appendix"},
        {"appendix", "tayler"},
        {"appendix", "distance", "--task", "nope"},
        {"appendix", "taylor", "--task", "stsb"},
        {"appendix", "taylor", "--task", "cb"},
        {"appendix", "distance", "--mode", "probe"},
        {"appendix", "distance", "--train-size", "1"},
        {"appendix", "distance", "--max-length", "2"},
        {"appendix", "distance", "--lr", "0"},
        {"appendix", "taylor", "--perturbations", "1e-2,abc"},
        {"appendix", "taylor", "--perturbations", "0,1e-2"},
        {"appendix", "taylor", "--examples", "100000"},
        {"appendix", "distance", "--examples", "4"},
        {"appendix", "taylor", "--perturb-layers", "7"},
        {"appendix", "distance", "--last-k", "7"},
    };
    String[] names = {"subcommand", "subcommand", "--task", "--task", "--task", "--mode",
        "--train-size", "--max-length", "--lr", "--perturbations", "--perturbations", "--examples",
        "--examples", "--perturb-layers", "--last-k"};
    String[] accepted = {"distance, taylor", "distance, taylor", "rte", "mrpc", "mrpc",
        "lastk, full", "[2, ", "[4, 512]", "> 0", "not a number", "> 0", "at most", "accepted: --",
        "[0, 6]", "[1, 6]"};
    for (int i = 0; i < cases.length; i++) {
      MainTest.Run r = MainTest.run(cases[i]);
      String what = String.join(" ", cases[i]) + " -> " + r.err();
      assertEquals(2, r.code(), what);
      assertEquals(1, r.err().strip().lines().count(), "one line: " + what);
      assertTrue(r.err().contains(names[i]) && r.err().contains(accepted[i]),
          "names " + names[i] + " and " + accepted[i] + ": " + what);
    }
  }
}
