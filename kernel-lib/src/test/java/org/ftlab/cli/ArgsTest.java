package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {
  static final List<Option> SPEC = List.of(
      Option.choice("model", "attn", List.of("attn", "minilm"), "model"),
      Option.of("n", Option.Kind.POSITIVE_INT, "100", "samples"),
      Option.of("seed", Option.Kind.LONG, "0", "seed"),
      Option.of("eta", Option.Kind.POSITIVE_DOUBLE, "0.5", "step"),
      Option.required("kernel", Option.Kind.PATH, "kernel file"),
      Option.of("shift", Option.Kind.DOUBLE, "0", "shift"),
      Option.flag("verbose", "talk"));

  @Test
  void parsesBothFormsAndDefaults() {
    Args a = Args.parse("x", SPEC, "--kernel K.tsv --n=50 --model minilm --verbose");
    assertEquals(50, a.integer("n"));
    assertEquals("minilm", a.string("model"));
    assertEquals(0L, a.longValue("seed"));
    assertEquals(0.5, a.real("eta"), 0.0);
    assertTrue(a.flag("verbose"));
    assertEquals("K.tsv", a.path("kernel").toString());
  }

  @Test
  void negativeNumbersAreValuesNotOptions() {
    Args a = Args.parse("x", SPEC, "--kernel K --shift -1.5");
    assertEquals(-1.5, a.real("shift"), 0.0);
  }

  @Test
  void quotesKeepSpaces() {
    assertEquals(List.of("--text", "a b c", "--x", "it's"),
        Args.split("--text \"a b c\" --x \"it's\""));
    UsageException e = assertThrows(UsageException.class, () -> Args.split("--text \"open"));
    assertTrue(e.getMessage().contains("unclosed"), e.getMessage());
  }

  @Test
  void errorsNameTheOptionAndWhatItAccepts() {
    String m1 = assertThrows(UsageException.class,
        () -> Args.parse("ntk", SPEC, "--kernel K --model gpt")).getMessage();
    assertEquals("ntk: --model expects one of attn, minilm, got 'gpt'", m1);
    String m2 = assertThrows(UsageException.class,
        () -> Args.parse("ntk", SPEC, "--kernel K --n -3")).getMessage();
    assertEquals("ntk: --n expects a whole number > 0, got '-3'", m2);
    String m3 = assertThrows(UsageException.class,
        () -> Args.parse("ntk", SPEC, "--n 3")).getMessage();
    assertTrue(m3.startsWith("ntk: missing required option --kernel"), m3);
    String m4 = assertThrows(UsageException.class,
        () -> Args.parse("ntk", SPEC, "--kernel K --widht 3")).getMessage();
    assertTrue(m4.startsWith("ntk: unknown option --widht (accepted: --model, --n"), m4);
    String m5 = assertThrows(UsageException.class,
        () -> Args.parse("ntk", SPEC, "--kernel")).getMessage();
    assertTrue(m5.contains("--kernel needs a value"), m5);
    String m6 = assertThrows(UsageException.class,
        () -> Args.parse("ntk", SPEC, "--kernel K --eta NaN")).getMessage();
    assertTrue(m6.contains("--eta expects a number > 0"), m6);
    for (String m : List.of(m1, m2, m3, m4, m5, m6)) {
      assertFalse(m.contains("\n"), "one line: " + m);
    }
  }
}
