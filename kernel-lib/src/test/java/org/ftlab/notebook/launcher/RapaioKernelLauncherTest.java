package org.ftlab.notebook.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.channels.LoopThread;

/**
 * The repair works on objects shaped like the kernel's Channels (same field names), with real
 * {@link LoopThread}s from the pinned kernel jar: a loop thread that died is replaced by one that
 * runs the same body; a live one is left alone.
 */
class RapaioKernelLauncherTest {
  static final class Channel {
    volatile LoopThread loopThread;
  }

  static final class FakeChannels {
    final Channel heartbeat = new Channel();
    final Channel shell = new Channel();
    final Channel control = new Channel();
    final Channel stdin = new Channel();
    final Channel iopub = new Channel();
  }

  @Test
  void deadLoopThreadsAreReplacedAndRunTheirBody() throws Exception {
    FakeChannels ch = new FakeChannels();
    AtomicInteger shellTicks = new AtomicInteger();
    CountDownLatch ticked = new CountDownLatch(3);
    // a loop thread that "lost the race": created, never looping (not alive)
    LoopThread dead = new LoopThread("Shell-0", 5, () -> {
      shellTicks.incrementAndGet();
      ticked.countDown();
    });
    ClassLoader marker = new ClassLoader(getClass().getClassLoader()) { };
    dead.setContextClassLoader(marker);
    ch.shell.loopThread = dead;
    // a healthy one: its flag set before it starts, so it cannot lose the start-up race itself
    AtomicInteger hbTicks = new AtomicInteger();
    LoopThread alive = new LoopThread("Heartbeat-0", 5, hbTicks::incrementAndGet);
    java.lang.reflect.Field running = LoopThread.class.getDeclaredField("running");
    running.setAccessible(true);
    running.set(alive, true);
    alive.start();
    ch.heartbeat.loopThread = alive;
    try {
      // the launcher repairs from a daemon thread; the replacement must not inherit that: once
      // the kernel's main thread has joined the original threads it returns, and a JVM whose
      // loop threads are all daemons exits (seen: "Kernel died before replying to kernel_info")
      AtomicReference<Object> result = new AtomicReference<>();
      Thread repairer = new Thread(() -> {
        try {
          result.set(RapaioKernelLauncher.restartDeadLoops(ch));
        } catch (ReflectiveOperationException e) {
          result.set(e);
        }
      });
      repairer.setDaemon(true);
      repairer.start();
      repairer.join(10_000);
      assertTrue(result.get() instanceof List, "repair: " + result.get());
      List<?> repaired = (List<?>) result.get();
      assertEquals(List.of("shell"), repaired, "only the dead channel is repaired");
      assertFalse(ch.shell.loopThread.isDaemon(), "the replacement is no daemon, as the original");
      assertNotSame(dead, ch.shell.loopThread, "replacement installed");
      assertEquals("Shell-0", ch.shell.loopThread.getName(), "same thread name");
      assertSame(marker, ch.shell.loopThread.getContextClassLoader(),
          "replacement keeps the context class loader (the display SPI looks renderers up in it)");
      assertTrue(ticked.await(5, TimeUnit.SECONDS), "replacement runs the loop body");
      assertSame(alive, ch.heartbeat.loopThread, "live thread left alone");
      // second pass: nothing left to repair
      assertEquals(List.of(), RapaioKernelLauncher.restartDeadLoops(ch));
    } finally {
      ch.shell.loopThread.shutdown();
      ch.heartbeat.loopThread.shutdown();
    }
  }
}
