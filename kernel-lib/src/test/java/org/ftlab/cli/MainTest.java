package org.ftlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ftlab.util.Json;
import org.junit.jupiter.api.Test;

class MainTest {
  record Run(int code, String out, String err) {}

  static Run run(String... argv) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(argv, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryCommand() {
    Run r = run("--help");
    assertEquals(0, r.code());
    for (String c : Main.commands().keySet()) {
      assertTrue(r.out().contains("  " + c + " "), "help lists " + c);
    }
    for (String[] s : Main.SCRIPT_COMMANDS) {
      assertTrue(r.out().contains("  " + s[0] + " "), "help lists " + s[0]);
    }
  }

  @Test
  void subcommandHelpShowsThatSubcommandsOptions() {
    Run glue = run("stability", "glue", "--help");
    assertEquals(0, glue.code());
    assertTrue(glue.out().contains("--method"), glue.out());
    assertTrue(!glue.out().contains("--factor heads"), "glue help must not list synthetic's --factor option");
    Run both = run("stability", "--help");
    assertTrue(both.out().contains("--method") && both.out().contains("--factor"), both.out());
  }

  @Test
  void unknownCommandExitsTwoWithOneLine() {
    Run r = run("frobnicate");
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("ftlab: unknown command 'frobnicate'"), r.err());
  }

  @Test
  void badOptionExitsTwoWithOneLine() {
    Run r = run("doctor", "--nope", "1");
    assertEquals(2, r.code());
    assertEquals("ftlab doctor: doctor: unknown option --nope (accepted: )", r.err().strip());
  }

  @Test
  void doctorRunsAutogradOffline() {
    Run r = run("doctor");
    assertEquals(0, r.code(), r.err());
    var j = Json.parse(r.out());
    assertTrue(j.get("autogradCheck").getAsString().endsWith("ok"), r.out());
    assertTrue(j.get("engine").getAsString().startsWith("PyTorch"), r.out());
  }
}
