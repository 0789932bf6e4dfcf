package org.ftlab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ftlab.options.UsageException;
import org.junit.jupiter.api.Test;

class OptionsBinderTest {
  enum Head { LINEAR, TWO_LAYER }

  record Opts(@Help(value = "training size n", positive = true) int trainSize,
      @Help("learning rate") double lr,
      @Help("tasks") List<String> tasks,
      @Help("sizes") int[] sizes,
      @Help("head") Head head,
      @Help("verbose output") boolean verbose,
      @Help(value = "model", accepted = {"minilm", "bge"}) String model) {
    Opts {
      if (sizes.length > 0 && sizes[0] > trainSize) {
        throw new IllegalArgumentException("--sizes start above --train-size");
      }
    }
  }

  static final Opts DEFAULTS = new Opts(100, 0.01, List.of("rte", "cb"), new int[] {10, 20},
      Head.LINEAR, false, "minilm");

  @Test
  void namesHelpAndDefaultsComeFromTheRecord() {
    var b = OptionsBinder.of(Opts.class);
    assertEquals(List.of("train-size", "lr", "tasks", "sizes", "head", "verbose", "model"),
        b.names());
    String help = b.help(DEFAULTS);
    assertTrue(help.contains("--train-size N") && help.contains("(default 100)"), help);
    assertTrue(help.contains("--head linear|two-layer"), help);
    assertTrue(help.contains("--tasks TEXT") && help.contains("(default rte,cb)"), help);
    assertTrue(help.contains("--model minilm|bge"), help);
  }

  @Test
  void parsingOverridesOnlyWhatIsGiven() {
    var b = OptionsBinder.of(Opts.class);
    Opts o = b.parse("x", List.of("--lr", "0.5", "--tasks", "mrpc", "--head", "two-layer",
        "--verbose", "--sizes", "5,50"), DEFAULTS);
    assertEquals(100, o.trainSize());
    assertEquals(0.5, o.lr());
    assertEquals(List.of("mrpc"), o.tasks());
    assertEquals(Head.TWO_LAYER, o.head());
    assertTrue(o.verbose());
    assertArrayEquals(new int[] {5, 50}, o.sizes());
    assertEquals(List.of("--lr", "0.5", "--tasks", "mrpc", "--sizes", "5,50", "--head",
        "two-layer", "--verbose"), b.tokens(o, DEFAULTS));
    assertEquals(o.toString().length() > 0, true);
    Opts again = b.parse("x", b.tokens(o, DEFAULTS), DEFAULTS);
    assertEquals(b.asText(o), b.asText(again), "tokens reproduce the options");
  }

  @Test
  void badValuesAreOneLineUsageErrorsNamingTheOption() {
    var b = OptionsBinder.of(Opts.class);
    var e = assertThrows(UsageException.class, () -> b.parse("exp", List.of("--train-size", "0"),
        DEFAULTS));
    assertEquals("exp: --train-size expects a whole number > 0, got '0'", e.getMessage());
    e = assertThrows(UsageException.class, () -> b.parse("exp", List.of("--sizes", "5,x"),
        DEFAULTS));
    assertTrue(e.getMessage().startsWith("exp: --sizes expects comma-separated whole numbers"),
        e.getMessage());
    e = assertThrows(UsageException.class, () -> b.parse("exp", List.of("--head", "mlp"),
        DEFAULTS));
    assertTrue(e.getMessage().contains("linear, two-layer"), e.getMessage());
    e = assertThrows(UsageException.class, () -> b.parse("exp", List.of("--sizes", "500"),
        DEFAULTS));
    assertEquals("exp: --sizes start above --train-size", e.getMessage(),
        "the record's own validation becomes the usage error");
    e = assertThrows(UsageException.class, () -> b.parse("exp", List.of("--nope", "1"),
        DEFAULTS));
    assertTrue(e.getMessage().startsWith("exp: unknown option --nope"), e.getMessage());
  }

  record NoHelp(int n) {}

  @Test
  void everyComponentNeedsHelp() {
    var e = assertThrows(IllegalArgumentException.class, () -> OptionsBinder.of(NoHelp.class));
    assertTrue(e.getMessage().contains("NoHelp.n has no @Help"), e.getMessage());
  }

  @Test
  void runModeFromTheEnvironment() {
    assertEquals(RunMode.STANDARD, RunMode.fromEnvironment(null, null));
    assertEquals(RunMode.QUICK, RunMode.fromEnvironment(null, "1"));
    assertEquals(RunMode.QUICK, RunMode.fromEnvironment("quick", "1"));
    assertEquals(RunMode.FULL, RunMode.fromEnvironment(" Full ", ""));
    var e = assertThrows(IllegalArgumentException.class,
        () -> RunMode.fromEnvironment("fast", null));
    assertEquals("FTLAB_MODE: 'fast' is not a run mode (accepted: quick, standard, full)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RunMode.fromEnvironment("full", "1"));
    assertTrue(e.getMessage().contains("contradicts FTLAB_QUICK=1"), e.getMessage());
    assertEquals(7, RunMode.STANDARD.pick(1, 7, 30));
  }

  @Test
  void modeTokensAreTakenOut() {
    var tokens = new java.util.ArrayList<>(List.of("--n", "3", "--mode", "full", "--x"));
    assertEquals(RunMode.FULL, Experiments.takeMode("e", tokens));
    assertEquals(List.of("--n", "3", "--x"), tokens);
    var bad = new java.util.ArrayList<>(List.of("--mode", "huge"));
    var e = assertThrows(UsageException.class, () -> Experiments.takeMode("e", bad));
    assertEquals("e: --mode expects quick, standard or full, got 'huge'", e.getMessage());
  }
}
