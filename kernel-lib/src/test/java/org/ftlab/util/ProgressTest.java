package org.ftlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void showsEveryDecileAndAFinalDoneLine() {
    List<String> lines = new ArrayList<>();
    List<Boolean> last = new ArrayList<>();
    try (Progress p = Progress.start("grads", 1000, (l, f) -> {
      lines.add(l);
      last.add(f);
    })) {
      for (int i = 0; i < 1000; i++) {
        p.step();
      }
      assertEquals(1000, p.done());
    }
    // deciles 0..10 each shown at least once; the rate limit keeps it near that count
    for (int d = 1; d <= 10; d++) {
      String want = (d * 100) + "/1000";
      assertTrue(lines.stream().anyMatch(l -> l.contains(want)), "line with " + want);
    }
    assertTrue(lines.size() < 200, "rate limited: " + lines.size() + " updates for 1000 steps");
    String fin = lines.get(lines.size() - 1);
    assertTrue(fin.startsWith("grads [########################] 1000/1000"), fin);
    assertTrue(fin.endsWith(" done"), fin);
    assertTrue(last.get(last.size() - 1));
  }

  @Test
  void defaultLinesStaySilentForShortComputations() {
    List<String> lines = new ArrayList<>();
    Progress.setDefaultSink((l, f) -> lines.add(l));
    try {
      try (Progress p = Progress.start("quick", 100)) {
        for (int i = 0; i < 100; i++) {
          p.step();
        }
      }
      assertEquals(List.of(), lines, "a computation shorter than the delay shows nothing");
    } finally {
      Progress.setDefaultSink(null);
    }
  }

  @Test
  void stoppedEarlySaysSo() {
    List<String> lines = new ArrayList<>();
    try (Progress p = Progress.start("x", 10, (l, f) -> lines.add(l))) {
      p.advance(3);
    }
    assertTrue(lines.get(lines.size() - 1).endsWith("3/10 (" + lines.get(lines.size() - 1)
        .replaceAll(".*3/10 \\(", "")), "format");
    assertTrue(lines.get(lines.size() - 1).contains(" stopped"), lines.toString());
  }

  @Test
  void consoleWithoutTerminalPrintsOneLinePerDecile() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress.Sink sink = new Progress.ConsoleSink(new PrintStream(bytes, true), false);
    try (Progress p = Progress.start("k (with parentheses)", 100, sink)) {
      for (int i = 0; i < 100; i++) {
        p.step();
      }
    }
    String[] out = bytes.toString().split("\n");
    assertTrue(out.length >= 11 && out.length <= 13, "about one line per decile: " + out.length);
    assertTrue(out[out.length - 1].contains("100/100") && out[out.length - 1].endsWith("done"));
  }
}
