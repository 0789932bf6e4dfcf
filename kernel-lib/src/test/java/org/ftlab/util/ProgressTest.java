package org.ftlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

  @Test
  void aStepOfAnInterruptedThreadEndsTheComputationAndConsumesTheInterrupt() {
    List<String> lines = new ArrayList<>();
    long[] stepsBefore = {0};
    CancellationException e = assertThrows(CancellationException.class, () -> {
      try (Progress p = Progress.start("loop", 100, (l, f) -> lines.add(l))) {
        for (int i = 0; i < 100; i++) {
          if (i == 7) {
            Thread.currentThread().interrupt(); // what Kernel > Interrupt does to the cell
          }
          p.step();
          stepsBefore[0] = p.done();
        }
      }
    });
    assertEquals(7, stepsBefore[0], "the step after the interrupt throws, none before");
    assertTrue(e.getMessage().contains("loop: interrupted at step 7 of 100"), e.getMessage());
    assertFalse(Thread.interrupted(), "the interrupt is consumed, as by InterruptedException");
    assertTrue(lines.get(lines.size() - 1).endsWith(" stopped"), lines.toString());
  }

  @Test
  void aWorkerStepStopsOnceTheThreadThatStartedTheLineIsInterrupted() throws Exception {
    // parallel streams step a progress line from pool threads: they must stop too
    Progress p = Progress.start("parallel", 1000, (l, f) -> { });
    CountDownLatch firstStep = new CountDownLatch(1);
    CountDownLatch ownerInterrupted = new CountDownLatch(1);
    AtomicReference<Throwable> workerSaw = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      try {
        p.step();
        firstStep.countDown();
        ownerInterrupted.await(10, TimeUnit.SECONDS);
        p.step();
      } catch (Throwable t) {
        workerSaw.set(t);
      }
    });
    worker.start();
    assertTrue(firstStep.await(10, TimeUnit.SECONDS));
    Thread.currentThread().interrupt();
    ownerInterrupted.countDown();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (worker.isAlive() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // not join(): it would throw at once, this thread being interrupted
    }
    try {
      assertTrue(workerSaw.get() instanceof CancellationException,
          "the worker's step after the owner's interrupt throws: " + workerSaw.get());
      assertEquals(1, p.done(), "only the step before the interrupt counted");
      assertThrows(CancellationException.class, p::step, "the owner's own next step throws");
      assertFalse(Thread.interrupted(), "the owner's interrupt is consumed by its step");
    } finally {
      Thread.interrupted();
      p.close();
    }
  }

  @Test
  void checkInterruptedThrowsOnlyWhenInterrupted() {
    Progress.checkInterrupted("training"); // not interrupted: nothing happens
    Thread.currentThread().interrupt();
    CancellationException e = assertThrows(CancellationException.class,
        () -> Progress.checkInterrupted("training"));
    assertEquals("training: interrupted", e.getMessage());
    assertFalse(Thread.interrupted(), "consumed");
  }
}
