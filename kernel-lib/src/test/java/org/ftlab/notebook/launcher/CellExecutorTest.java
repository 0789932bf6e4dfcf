package org.ftlab.notebook.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The cell executor as the kernel uses it (submit, then get on the future): an interrupted cell
 * ends with a {@link CellInterrupted} and later cells run; an idle interrupt changes nothing; the
 * kernel's own stop path does not shut it down. Waits carry generous limits only so that a broken
 * executor fails instead of hanging; which path a cell took is told by its outcome, not by time.
 */
class CellExecutorTest {
  private static final long LIMIT_SECONDS = 30;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private CellExecutor executor(long graceMillis) {
    return new CellExecutor(graceMillis, new PrintStream(log, true));
  }

  /** A cell that signals it started, then sleeps for a minute. */
  private static Callable<Object> sleeper(CountDownLatch started, AtomicReference<Thread> thread) {
    return () -> {
      thread.set(Thread.currentThread());
      started.countDown();
      Thread.sleep(60_000);
      return "slept a minute";
    };
  }

  private static Throwable outcome(Future<?> f) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> f.get(LIMIT_SECONDS, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void cellsShareOneThreadUntilOneIsInterrupted() throws Exception {
    CellExecutor ex = executor(60_000);
    Thread first = ex.submit(Thread::currentThread).get(LIMIT_SECONDS, TimeUnit.SECONDS);
    Thread second = ex.submit(Thread::currentThread).get(LIMIT_SECONDS, TimeUnit.SECONDS);
    assertSame(first, second, "consecutive cells (a cell's snippets) run on one thread");
    assertTrue(first.getName().startsWith("ftlab-cell-") && first.isDaemon(), first.toString());
    assertSame(Thread.currentThread().getContextClassLoader(), first.getContextClassLoader(),
        "the cell thread inherits the submitting thread's context class loader");

    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Thread> t = new AtomicReference<>();
    Future<Object> f = ex.submit(sleeper(started, t));
    assertTrue(started.await(LIMIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(1, ex.interruptRunning());
    assertTrue(outcome(f) instanceof CellInterrupted);
    Thread after = ex.submit(Thread::currentThread).get(LIMIT_SECONDS, TimeUnit.SECONDS);
    assertNotSame(first, after, "an interrupted thread runs no further cell");
  }

  @Test
  void aSleepingCellEndsAtTheInterruptWithOneLineAndTheNextCellRuns() throws Exception {
    CellExecutor ex = executor(60_000); // a minute of grace: only the interrupt can end it
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Thread> t = new AtomicReference<>();
    Future<Object> f = ex.submit(sleeper(started, t));
    assertTrue(started.await(LIMIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(1, ex.interruptRunning(), "one running cell interrupted");
    Throwable cause = outcome(f);
    assertTrue(cause instanceof CellInterrupted, "outcome " + cause);
    assertEquals("the cell was interrupted", cause.getMessage(), "reacted: no forced stop");
    assertEquals(0, cause.getStackTrace().length, "no stack trace: the kernel prints one line");
    assertEquals(42, ex.submit(() -> 6 * 7).get(LIMIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(0, ex.runningCount());
  }

  @Test
  void aCellIgnoringTheInterruptIsStoppedAfterTheGrace() throws Exception {
    CellExecutor ex = executor(200);
    AtomicLong spins = new AtomicLong();
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Thread> t = new AtomicReference<>();
    Future<Object> f = ex.submit(() -> {
      t.set(Thread.currentThread());
      started.countDown();
      while (true) { // a loop that never checks for interruption
        if (spins.incrementAndGet() < 0) {
          return null;
        }
        if (Thread.currentThread().isInterrupted()) {
          sawInterrupt.set(true);
        }
      }
    });
    assertTrue(started.await(LIMIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(1, ex.interruptRunning());
    Throwable cause = outcome(f);
    assertTrue(cause instanceof CellInterrupted, "outcome " + cause);
    assertTrue(cause.getMessage().startsWith("the cell was interrupted: it ignored the interrupt")
        && cause.getMessage().contains("its thread was stopped"), cause.getMessage());
    t.get().join(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
    assertFalse(t.get().isAlive(), "the loop's thread was stopped");
    assertTrue(sawInterrupt.get(), "the thread had been interrupted first");
    assertTrue(log.toString().contains("ignored the interrupt"), "diagnostic logged: " + log);
    assertEquals("ok", ex.submit(() -> "ok").get(LIMIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void interruptingAnIdleExecutorChangesNothing() throws Exception {
    CellExecutor ex = executor(60_000);
    assertEquals(1, ex.submit(() -> 1).get(LIMIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(0, ex.interruptRunning(), "nothing runs");
    assertEquals(0, ex.interruptRunning());
    assertEquals(false, ex.submit(() -> Thread.currentThread().isInterrupted())
        .get(LIMIT_SECONDS, TimeUnit.SECONDS), "the next cell starts without an interrupt");
    assertEquals(42, ex.submit(() -> 6 * 7).get(LIMIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void valuesAndExceptionsOfCellsPassThroughUnchanged() throws Exception {
    CellExecutor ex = executor(60_000);
    Object value = new Object();
    assertSame(value, ex.submit(() -> value).get(LIMIT_SECONDS, TimeUnit.SECONDS));
    IllegalStateException thrown = new IllegalStateException("bad cell");
    Future<Object> f = ex.submit(() -> {
      throw thrown;
    });
    assertSame(thrown, outcome(f), "the kernel unwraps and prints the cell's own exception");
    // a cell's own interrupt of itself does not reach the next cell (as in a thread pool)
    ex.submit(() -> {
      Thread.currentThread().interrupt();
      return null;
    }).get(LIMIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(false, ex.submit(() -> Thread.currentThread().isInterrupted())
        .get(LIMIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void repeatedInterruptsKeepWorking() throws Exception {
    CellExecutor ex = executor(60_000);
    for (int round = 0; round < 3; round++) {
      CountDownLatch started = new CountDownLatch(1);
      Future<Object> f = ex.submit(sleeper(started, new AtomicReference<>()));
      assertTrue(started.await(LIMIT_SECONDS, TimeUnit.SECONDS));
      assertEquals(1, ex.interruptRunning(), "round " + round);
      ex.interruptRunning(); // a second interrupt while the cell ends (or after) is harmless
      assertTrue(outcome(f) instanceof CellInterrupted, "round " + round);
      assertEquals(0, ex.interruptRunning(), "round " + round + ": idle again");
      int r = round;
      assertEquals(r, ex.submit(() -> r).get(LIMIT_SECONDS, TimeUnit.SECONDS));
    }
  }

  @Test
  void theKernelsOwnInterruptPathDoesNotShutTheExecutorDown() throws Exception {
    // rapaio-jupyter-kernel 3.0.1 interrupts by cancel(true) on the futures, then shutdown(),
    // awaitTermination(500 ms), shutdownNow(); its executor never ran another cell after that
    CellExecutor ex = executor(60_000);
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Thread> t = new AtomicReference<>();
    Future<Object> f = ex.submit(sleeper(started, t));
    assertTrue(started.await(LIMIT_SECONDS, TimeUnit.SECONDS));
    assertTrue(f.cancel(true));
    ex.shutdown();
    assertTrue(ex.awaitTermination(LIMIT_SECONDS, TimeUnit.SECONDS), "the cell ended");
    assertEquals(0, ex.shutdownNow().size());
    assertFalse(ex.isShutdown(), "a cancelled cell is reported as interrupted, not stopped");
    assertThrows(CancellationException.class, () -> f.get(LIMIT_SECONDS, TimeUnit.SECONDS));
    t.get().join(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
    assertFalse(t.get().isAlive(), "the cancelled cell's thread was interrupted and ended");
    assertEquals(42, ex.submit(() -> 6 * 7).get(LIMIT_SECONDS, TimeUnit.SECONDS),
        "cells still run after the kernel's stop()");
  }

  @Test
  void aCellIsNeverInterruptedWhileTheKernelSendsAMessage() throws Exception {
    CellExecutor ex = executor(60_000);
    Object iopub = new Object(); // stands for the kernel's IOPub channel (synchronized sends)
    ex.publishLock(iopub);
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Thread> t = new AtomicReference<>();
    Future<Object> f = ex.submit(sleeper(started, t));
    assertTrue(started.await(LIMIT_SECONDS, TimeUnit.SECONDS));
    Thread interrupter = new Thread(ex::interruptRunning);
    synchronized (iopub) { // a message is being sent
      interrupter.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
      while (interrupter.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(Thread.State.BLOCKED, interrupter.getState(), "the interrupt waits");
      assertFalse(f.isDone(), "the cell was not interrupted during the send");
      assertFalse(t.get().isInterrupted());
    }
    assertTrue(outcome(f) instanceof CellInterrupted, "interrupted once the send was over");
    interrupter.join(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
  }

  @Test
  void anInterruptBetweenTwoSnippetsOfACellStopsTheNextSnippetOnly() throws Exception {
    CellExecutor ex = executor(60_000);
    ex.requestStarted(); // the kernel handles a cell of several snippets
    assertEquals(1, ex.submit(() -> 1).get(LIMIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(0, ex.interruptRunning(), "between snippets (JShell compiles the next one)");
    assertTrue(ex.interruptPending());
    AtomicBoolean ran = new AtomicBoolean();
    Future<Object> f = ex.submit(() -> {
      ran.set(true);
      return 2;
    });
    assertTrue(outcome(f) instanceof CellInterrupted);
    assertFalse(ran.get(), "the snippet after the interrupt did not run");
    ex.requestEnded();
    ex.requestStarted();
    assertEquals(3, ex.submit(() -> 3).get(LIMIT_SECONDS, TimeUnit.SECONDS), "the next cell runs");
    ex.requestEnded();
    assertEquals(0, ex.interruptRunning(), "idle kernel");
    assertFalse(ex.interruptPending(), "an idle interrupt is not kept for a later cell");
    ex.requestStarted();
    assertEquals(4, ex.submit(() -> 4).get(LIMIT_SECONDS, TimeUnit.SECONDS));
    ex.requestEnded();
  }
}
