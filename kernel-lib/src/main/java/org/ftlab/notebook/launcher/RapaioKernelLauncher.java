package org.ftlab.notebook.launcher;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;

/**
 * Starts the Rapaio Java kernel (io.github.padreati:rapaio-jupyter-kernel:3.0.1) and repairs a
 * start-up race in it, so that a notebook never hangs at "kernel starting".
 *
 * <p>The race, found while testing ftlab (about half of all kernel starts hung on a busy 2-core
 * machine): each channel's {@code LoopThread.start()} starts the thread <em>before</em> it sets its
 * {@code running} flag, so a thread that is scheduled at once sees {@code running == false}, leaves
 * its loop and dies; a channel whose thread died never answers (typically the shell channel, so the
 * kernel never replies to {@code kernel_info_request}). A shell message that arrives before the
 * handlers are registered kills the thread the same way (a NullPointerException in its loop).
 *
 * <p>This launcher runs the kernel's own {@code MainApp.main} unchanged. A daemon thread waits until
 * the kernel has connected its channels, then, for each channel whose loop thread is no longer
 * alive, starts a replacement loop thread with the same name, period and body, its flag set before
 * it starts. The kernel's classes are reached by reflection on private fields, which is why the
 * kernel version is pinned; if the fields are not found the launcher says so on standard error and
 * the kernel runs as it would without it.
 *
 * <p>The launcher also makes Jupyter's Interrupt work ({@link KernelInterrupts}: the kernel's own
 * interrupt shuts down the executor of every later cell): before the kernel starts it handles
 * SIGINT; once the kernel is built it puts a {@link CellExecutor} in place of the kernel's cell
 * executor; once the channels are connected it runs the control channel with a loop that answers
 * {@code interrupt_request} without touching the running cell's state.
 *
 * <p>This class lives in its own small jar ({@code ftlab-kernel-launcher.jar}) on the kernel's
 * JVM classpath; the library itself is on the notebook's classpath ({@code RJK_CLASSPATH}).
 */
public final class RapaioKernelLauncher {
  private static final String[] CHANNEL_FIELDS = {"heartbeat", "shell", "control", "stdin",
      "iopub"};
  private static final long WAIT_MILLIS = 120_000;

  private RapaioKernelLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && !args[0].startsWith("-")) {
      // System.err as it is now: the kernel sends System.err to the notebook while a cell runs
      KernelInterrupts.installSignalHandler(System.err);
      Thread main = Thread.currentThread();
      ClassLoader initial = main.getContextClassLoader();
      Thread repair = new Thread(() -> repairWhenConnected(main, initial), "ftlab-kernel-repair");
      repair.setDaemon(true);
      repair.start();
    }
    MainApp.main(args);
  }

  private static void repairWhenConnected(Thread main, ClassLoader initial) {
    try {
      // The kernel's class initialiser must run on the main thread: it builds JShell, which makes
      // JShell's class loader the main thread's context loader, and every channel thread inherits
      // it (the display SPI finds ftlab's renderers through it). So wait for that change before
      // touching any kernel class from this thread.
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      while (main.getContextClassLoader() == initial) {
        if (System.currentTimeMillis() > deadline || !main.isAlive()) {
          return;
        }
        Thread.sleep(10);
      }
      installCellExecutor();
      Channels channels = waitForConnectedChannels();
      if (channels == null) {
        return;
      }
      try {
        KernelInterrupts.watchCells(channels);
      } catch (ReflectiveOperationException | RuntimeException e) {
        System.err.println("ftlab: interrupts are not synchronised with the kernel's output ("
            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      }
      try {
        if (!KernelInterrupts.replaceControlLoop(channels)) {
          System.err.println("ftlab: the kernel's control loop did not stop; an interrupt_request"
              + " message would break the kernel (Interrupt in signal mode still works)");
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        System.err.println("ftlab: control channel repair unavailable (" + e.getClass()
            .getSimpleName() + ": " + e.getMessage() + "); interrupt_request messages would break"
            + " the kernel (Interrupt in signal mode still works)");
      }
      // a thread that read running == false may still be finishing: look a few times
      for (long delay : new long[] {0, 100, 400, 1500}) {
        Thread.sleep(delay);
        for (String name : restartDeadLoops(channels)) {
          System.err.println("ftlab: restarted the kernel's " + name
              + " channel thread (rapaio-jupyter-kernel start-up race)");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("ftlab: kernel start-up repair unavailable ("
          + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); the kernel runs without it");
    }
  }

  private static void installCellExecutor() {
    try {
      KernelInterrupts.installCellExecutor(MainApp.kernel, CellExecutor.GRACE_MILLIS);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("ftlab: interruptible cell executor unavailable ("
          + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); Interrupt will not stop a running cell");
    }
  }

  private static Channels waitForConnectedChannels()
      throws ReflectiveOperationException, InterruptedException {
    Object kernel = MainApp.kernel;
    Field channelsField = field(kernel.getClass(), "channels");
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      Channels channels = (Channels) channelsField.get(kernel);
      if (channels != null && (boolean) field(channels.getClass(), "isConnected").get(channels)) {
        return channels;
      }
      Thread.sleep(10);
    }
    return null;
  }

  /** Replaces dead loop threads; returns the names of the channels repaired. */
  static List<String> restartDeadLoops(Object channels) throws ReflectiveOperationException {
    List<String> repaired = new ArrayList<>();
    for (String name : CHANNEL_FIELDS) {
      Object channel = field(channels.getClass(), name).get(channels);
      Field loopField = channel == null ? null : optionalField(channel.getClass(), "loopThread");
      if (loopField == null) {
        continue;
      }
      Object current = loopField.get(channel);
      if (current instanceof LoopThread dead && !dead.isAlive()) {
        // right after connecting nothing has asked a channel to stop, so a dead loop thread left
        // its loop too early (flag race) or was killed by a message handled before the handlers
        // were registered
        LoopThread fresh = new LoopThread(dead.getName(),
            (long) field(LoopThread.class, "sleep").get(dead),
            (Runnable) field(LoopThread.class, "loopBody").get(dead));
        field(LoopThread.class, "running").set(fresh, true);
        fresh.setContextClassLoader(dead.getContextClassLoader());
        // as the original, not a daemon like this repair thread: once the kernel's main thread
        // has joined the original (dead) threads it returns, and only these keep the JVM alive
        fresh.setDaemon(dead.isDaemon());
        loopField.set(channel, fresh);
        fresh.start();
        repaired.add(name);
      }
    }
    return repaired;
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  private static Field optionalField(Class<?> type, String name) {
    try {
      return field(type, name);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }
}
