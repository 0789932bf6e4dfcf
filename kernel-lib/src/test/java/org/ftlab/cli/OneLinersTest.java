package org.ftlab.cli;

import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import org.ftlab.ntk.NtkResult;
import org.ftlab.report.Displayable;
import org.ftlab.stability.SyntheticResult;
import org.ftlab.taskvector.TaskArithmetic;
import org.ftlab.taskvector.TaskArithmeticResult;
import org.ftlab.util.Json;
import org.junit.jupiter.api.Test;

/**
 * The notebook one-liners parse with their command's option table and compute what the command
 * prints: each test runs the same arguments through {@link OneLiners} and through {@link Main}.
 */
class OneLinersTest {
  private static final String ATTN = "--model attn --n 6 --width 8 --heads 2 --layers 1 --seq 4"
      + " --input-dim 4 --dtype float64 --seed 3";

  @Test
  void everyBadOptionGivesTheCommandsOwnOneLineMessage() {
    for (OneLiners.Helper h : OneLiners.helpers()) {
      UsageException e = assertThrows(UsageException.class,
          () -> OneLiners.run(h.name(), List.of("--nope", "1")), h.name());
      assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
      assertTrue(e.getMessage().contains("unknown option --nope (accepted: "), e.getMessage());
      Command c = OneLiners.command(h.command());
      List<Option> spec = c instanceof Subcommands sc ? sc.options(h.defaultSubcommand())
          : c.options();
      // the accepted list is exactly the command's option table (ntk: routed to the encoder)
      List<Option> routed = h.name().equals("ntk") ? new EncoderNtkCommand().options() : spec;
      for (Option o : routed) {
        assertTrue(e.getMessage().contains("--" + o.name()), h.name() + " lists --" + o.name()
            + ": " + e.getMessage());
      }
      if (Main.commands().containsKey(h.command())) {
        String[] argv = c instanceof Subcommands
            ? new String[] {h.command(), h.defaultSubcommand(), "--nope", "1"}
            : h.name().equals("ntk") ? new String[] {"ntk", "--model", "minilm", "--nope", "1"}
            : new String[] {h.command(), "--nope", "1"};
        MainTest.Run r = MainTest.run(argv);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().endsWith(e.getMessage()),
            "CLI and helper give the same message: " + r.err() + " vs " + e.getMessage());
      }
    }
  }

  @Test
  void badValueNamesTheOptionAndTheAcceptedValues() {
    UsageException e = assertThrows(UsageException.class,
        () -> OneLiners.run("ntk", OneLiners.tokens("--data rte --n zero")));
    assertEquals("ntk: --n expects a whole number > 0, got 'zero'", e.getMessage());
    UsageException d = assertThrows(UsageException.class,
        () -> OneLiners.run("beta", OneLiners.tokens("--data nosuchtask")));
    assertTrue(d.getMessage().startsWith("beta: --data expects one of stsb,")
        && d.getMessage().contains("rte"), d.getMessage());
    UsageException s = assertThrows(UsageException.class,
        () -> OneLiners.run("stability", OneLiners.tokens("glu --sets 3")));
    assertEquals("stability: unknown subcommand 'glu' (accepted: synthetic, glue)", s.getMessage());
    UsageException u = assertThrows(UsageException.class, () -> OneLiners.run("frob", List.of()));
    assertTrue(u.getMessage().contains("accepted: ntk, beta, earlyStop, stability, taskVectors"),
        u.getMessage());
  }

  @Test
  void appendixDefaultsToDistanceAndTaylorHasItsOwnOptions() {
    UsageException d = assertThrows(UsageException.class,
        () -> OneLiners.run("appendix", OneLiners.tokens("--examples 4")));
    assertTrue(d.getMessage().startsWith("appendix distance: unknown option --examples"),
        "no subcommand: distance, whose table has no --examples: " + d.getMessage());
    UsageException t = assertThrows(UsageException.class,
        () -> OneLiners.run("appendix", OneLiners.tokens("taylor --repeats 0")));
    assertEquals("appendix taylor: --repeats expects a whole number > 0, got '0'", t.getMessage());
    MainTest.Run r = MainTest.run("appendix", "taylor", "--repeats", "0");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().strip().endsWith(t.getMessage()), "CLI says the same: " + r.err());
  }

  @Test
  void stabilityGlueParsesWithTheGlueOptionTable() throws Exception {
    UsageException e = assertThrows(UsageException.class,
        () -> OneLiners.run("stability", OneLiners.tokens("glue --nope 1")));
    for (Option o : StabilityCommand.glueOptions()) {
      assertTrue(e.getMessage().contains("--" + o.name()), "lists --" + o.name());
    }
    Displayable d = OneLiners.run("stability", OneLiners.tokens(
        "glue --task rte --seeds 2 --train-size 24 --test-size 12 --epochs 1"));
    MainTest.Run cli = MainTest.run("stability", "glue", "--task", "rte", "--seeds", "2",
        "--train-size", "24", "--test-size", "12", "--epochs", "1");
    assertEquals(0, cli.code(), cli.err());
    assertEquals(noSeconds(cli.out().strip()),
        noSeconds(((org.ftlab.stability.GlueStabilityResult) d).toJson()),
        "helper and ./ftlab stability glue print the same JSON (seconds aside)");
  }

  @Test
  void tokensSplitOneStringAndKeepSeveral() {
    assertEquals(List.of("--data", "rte", "--out", "a b.tsv"),
        OneLiners.tokens("--data rte --out 'a b.tsv'"));
    assertEquals(List.of("--n", "50"), OneLiners.tokens("--n", "50"));
    assertEquals(List.of(), OneLiners.tokens());
    assertEquals(List.of(), OneLiners.tokens(""));
  }

  @Test
  void defaultsOnlyFillOptionsNotGiven() {
    assertEquals(List.of("--n", "5", "--model", "minilm"), OneLiners.withDefaults(
        List.of("--n", "5"), List.of("--model", "minilm", "--n", "100")));
    assertEquals(List.of("--model=attn"), OneLiners.withDefaults(List.of("--model=attn"),
        List.of("--model", "minilm")));
    assertEquals(List.of("--quick"), OneLiners.withDefaults(List.of(), List.of("--quick")));
  }

  @Test
  void ntkHelperComputesWhatTheCommandPrints() throws Exception {
    Displayable d = OneLiners.run("ntk", OneLiners.tokens(ATTN));
    NtkResult r = (NtkResult) d;
    MainTest.Run cli = MainTest.run(("ntk " + ATTN).split(" "));
    assertEquals(0, cli.code(), cli.err());
    JsonObject j = Json.parse(cli.out().strip());
    assertEquals(6, r.sampleCount());
    assertEquals(j.get("trace").getAsDouble(), r.trace(), 1e-12 * Math.abs(r.trace()),
        "same seed, same kernel: trace of the helper's K vs the CLI's JSON (1e-12 relative)");
    assertEquals(j.get("kernelParameterCount").getAsLong(), r.parameterCount());
  }

  @Test
  void stabilityHelperDefaultsToSyntheticAndMatchesTheCli() throws Exception {
    String args = "--factor samples --sets 3 --points 40 --steps 30 --seed 2";
    SyntheticResult r = (SyntheticResult) OneLiners.run("stability", OneLiners.tokens(args));
    SyntheticResult s = (SyntheticResult) OneLiners.run("stability",
        OneLiners.tokens("synthetic " + args));
    MainTest.Run cli = MainTest.run(("stability synthetic " + args).split(" "));
    assertEquals(0, cli.code(), cli.err());
    assertEquals(noSeconds(cli.out().strip()), noSeconds(r.toJson()),
        "helper and ./ftlab print the same JSON (wall-clock seconds aside)");
    assertEquals(noSeconds(r.toJson()), noSeconds(s.toJson()),
        "explicit 'synthetic' = default subcommand");
    SyntheticResult dflt = (SyntheticResult) OneLiners.run("stability",
        OneLiners.tokens("--sets 2 --points 30 --steps 10"));
    assertEquals("MARGIN", dflt.factor().name(), "notebook default factor");
  }

  private static String noSeconds(String json) {
    return json.replaceAll("\"seconds\":[-0-9.eE]+,?", "");
  }

  @Test
  void taskVectorsFallBackToTheSyntheticTaskArithmetic() throws Exception {
    var r = (org.ftlab.paper1.SyntheticTaskArithmeticResult) OneLiners.run("taskVectors",
        OneLiners.tokens("synthetic --width 8 --samples 8 --test-samples 8 --steps 3"
            + " --lambdas 0,1 --seed 4 --seeds 2"));
    TaskArithmeticResult direct = TaskArithmetic.builder().optWidth(8).optSamples(8, 8)
        .optFineTuning(3, 0.5).optLambdas(0, 1).optSeed(4).build().run();
    for (int i = 0; i < direct.cosine().length; i++) {
      assertArrayEquals(direct.cosine()[i], r.first().cosine()[i], 0.0,
          "same settings, same code path, same cosines (exact): row " + i);
    }
    UsageException e = assertThrows(UsageException.class, () -> OneLiners.run("taskvec",
        OneLiners.tokens("synthetic --lambdas 0,x")));
    assertTrue(e.getMessage().contains("--lambdas"), e.getMessage());
  }

  @Test
  void taskVectorsRunTheEncoderCommandWithoutTheWordSynthetic() throws Exception {
    Displayable d = OneLiners.run("taskVectors", OneLiners.tokens(
        "--tasks cr,rte --train-size 16 --epochs 1 --test-size 8 --max-length 16"));
    double[][] cos = ((org.ftlab.taskvector.EncoderTaskArithmeticResult) d).cosine();
    assertEquals(2, cos.length, "two tasks");
    for (int i = 0; i < 2; i++) {
      assertTrue(Double.isNaN(cos[i][i]) || Math.abs(cos[i][i] - 1) < 1e-9,
          "cos(tau_i, tau_i) = 1 (1e-9) unless the task kept epoch 0: " + cos[i][i]);
    }
    assertTrue(Double.isNaN(cos[0][1]) || Math.abs(cos[0][1] - cos[1][0]) < 1e-12,
        "cosine matrix symmetric");
  }

  @Test
  void helpListsEveryHelperWithItsExample() {
    MainTest.Run r = MainTest.run("--help");
    for (OneLiners.Helper h : OneLiners.helpers()) {
      assertTrue(r.out().contains("  " + h.name() + " ") && r.out().contains(h.example()),
          "./ftlab --help lists " + h.name() + " with its example");
      assertTrue(OneLiners.usage(h.name()).contains(h.example()), h.name());
    }
    assertTrue(OneLiners.usage("earlystop").contains("--holdout N"), "usage by magic name");
  }
}
