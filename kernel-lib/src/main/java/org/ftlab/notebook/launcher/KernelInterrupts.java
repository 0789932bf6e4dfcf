package org.ftlab.notebook.launcher;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.rapaio.jupyter.kernel.channels.AbstractChannel;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.ControlChannel;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.channels.MessageHandler;
import org.rapaio.jupyter.kernel.core.RapaioKernel;
import org.rapaio.jupyter.kernel.core.java.JavaEngine;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControlProvider;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ControlInterruptReply;
import org.rapaio.org.zeromq.ZMQ;
import sun.misc.Signal;

/**
 * Makes Jupyter's Interrupt work in rapaio-jupyter-kernel 3.0.1, whose own interrupt breaks the
 * kernel for good: after one interrupt, even of an idle kernel, every later cell goes busy and
 * idle without output and does not run.
 *
 * <p>Root cause, read from the kernel's classes: its {@code interrupt_request} handler calls
 * {@code JavaEngine.interrupt()}, which cancels the running future and then calls
 * {@code RapaioExecutionControl.stop()} and {@code JShell.stop()}; that {@code stop()} shuts down
 * the executor on which every cell runs, and nothing ever creates a new one, so every later cell
 * is rejected inside JShell and comes back empty. Besides, the control channel's thread handles
 * the request with the state that the shell thread is using for the running cell (the current
 * message id and the stack of actions to run after a request): it re-parents the cell's later
 * output and reply to the interrupt request and runs the cell's pending "idle" and clean-up
 * actions itself.
 *
 * <p>The repair, without changing the kernel's code:
 * <ul>
 *   <li>{@link #installCellExecutor} puts a {@link CellExecutor} in place of the kernel's executor:
 *       it interrupts the running cell (stopping its thread if it ignores that), never shuts
 *       down, and reports the cell as interrupted in one line; {@link #watchCells} makes it
 *       interrupt only between two IOPub messages and keep an interrupt that comes between two
 *       snippets of a cell for the next one;</li>
 *   <li>{@link #installSignalHandler} handles SIGINT (ftlab's kernelspec uses
 *       {@code "interrupt_mode": "signal"}, Jupyter's default on POSIX, so Interrupt never goes
 *       through the control channel); without it SIGINT would end the JVM;</li>
 *   <li>{@link #replaceControlLoop} runs the control channel with a loop that answers
 *       {@code interrupt_request} itself, on the control channel as the protocol says, touching
 *       no state of the shell thread, and hands every other control message (shutdown) to the
 *       kernel's handler as its own loop did; so a client in message mode works too.</li>
 * </ul>
 */
final class KernelInterrupts {
  private static volatile CellExecutor cells;
  private static volatile PrintStream log = System.err;

  private KernelInterrupts() {}

  /** Handles SIGINT by interrupting the running cell; call before the kernel starts. */
  static void installSignalHandler(PrintStream diagnostics) {
    log = diagnostics;
    try {
      Signal.handle(new Signal("INT"), s -> interrupt("SIGINT"));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.println("ftlab: cannot handle SIGINT (" + e.getMessage()
          + "); an Interrupt in signal mode will end the kernel");
    }
  }

  /** Interrupts the running cell, if any (nothing before the kernel is up). */
  static void interrupt(String how) {
    CellExecutor c = cells;
    int n = c == null ? 0 : c.interruptRunning();
    log.println("ftlab: " + how + ": " + (n > 0 ? "interrupting the running cell"
        : c != null && c.interruptPending() ? "the cell's next snippet will not run"
        : "no cell running, nothing to interrupt"));
  }

  /** Puts a {@link CellExecutor} in place of the kernel's cell executor. */
  static void installCellExecutor(RapaioKernel kernel, long graceMillis)
      throws ReflectiveOperationException {
    JavaEngine engine = kernel.javaEngine();
    RapaioExecutionControlProvider provider = (RapaioExecutionControlProvider)
        field(JavaEngine.class, "controlProvider").get(engine);
    String id = (String) field(JavaEngine.class, "executionId").get(engine);
    RapaioExecutionControl control = provider.getRegisteredControl(id);
    if (control == null) {
      throw new NoSuchFieldException("no execution control registered for the JShell engine");
    }
    Field executor = field(RapaioExecutionControl.class, "executor");
    ExecutorService old = (ExecutorService) executor.get(control);
    CellExecutor fresh = new CellExecutor(graceMillis, log);
    executor.set(control, fresh);
    cells = fresh;
    old.shutdown(); // its idle thread (it ran the start-up scripts) ends
  }

  /**
   * Tells the cell executor which monitor guards the kernel's IOPub sends (see {@link
   * CellExecutor#publishLock}) and when the kernel handles an execute_request (so that an
   * interrupt between two snippets of a cell is not lost); call once the channels are connected,
   * before the first cell.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void watchCells(Channels channels) throws ReflectiveOperationException {
    CellExecutor c = cells;
    if (c == null) {
      return;
    }
    c.publishLock(field(Channels.class, "iopub").get(channels));
    Map<MessageType<?>, MessageHandler> handlers =
        (Map<MessageType<?>, MessageHandler>) field(Channels.class, "handlers").get(channels);
    MessageHandler execute = handlers.get(MessageType.SHELL_EXECUTE_REQUEST);
    if (execute == null) {
      throw new NoSuchFieldException("no execute_request handler registered");
    }
    // the key is present: put replaces the value without changing the map's structure
    handlers.put(MessageType.SHELL_EXECUTE_REQUEST, (MessageHandler) msg -> {
      c.requestStarted();
      try {
        execute.handle(msg);
      } finally {
        c.requestEnded();
      }
    });
  }

  /**
   * Replaces the control channel's loop thread by one running {@link ControlLoop}; returns false
   * (and leaves the kernel's loop running) if the old loop does not end within two seconds.
   */
  static boolean replaceControlLoop(Channels channels)
      throws ReflectiveOperationException, InterruptedException {
    ControlChannel control = (ControlChannel) field(Channels.class, "control").get(channels);
    Field loopField = field(ControlChannel.class, "loopThread");
    LoopThread old = (LoopThread) loopField.get(control);
    ZMQ.Socket socket = (ZMQ.Socket) field(AbstractChannel.class, "socket").get(control);
    ZMQ.Context ctx = (ZMQ.Context) field(AbstractChannel.class, "ctx").get(control);
    Field running = field(LoopThread.class, "running");
    old.shutdown(); // leaves its loop after the current message and a 50 ms sleep
    old.join(2000);
    if (old.isAlive()) {
      running.set(old, true);
      return false;
    }
    // a poller of our own on the same socket: the old one is unreachable (inside a lambda)
    ZMQ.Poller poller = ctx.poller(1);
    poller.register(socket, ZMQ.Poller.POLLIN);
    LoopThread fresh = new LoopThread(old.getName(), (long) field(LoopThread.class, "sleep")
        .get(old), new ControlLoop(control, channels, poller));
    running.set(fresh, true); // set before start: the kernel's start() sets it after (its race)
    fresh.setContextClassLoader(old.getContextClassLoader());
    // not a daemon (this thread is one): the kernel's main thread joins the loop threads it
    // started and then returns, so the JVM must be kept alive by the replacements
    fresh.setDaemon(old.isDaemon());
    loopField.set(control, fresh);
    fresh.start();
    return true;
  }

  /** One turn of the control channel: reads at most one message and handles it. */
  static final class ControlLoop implements Runnable {
    private final ControlChannel control;
    private final Channels channels;
    private final ZMQ.Poller poller;

    ControlLoop(ControlChannel control, Channels channels, ZMQ.Poller poller) {
      this.control = control;
      this.channels = channels;
      this.poller = poller;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void run() {
      if (poller.poll(0) <= 0) {
        return;
      }
      Message<?> msg = control.readMessage();
      if (msg == null) {
        return; // channel closed
      }
      MessageType<?> type = msg.header() == null ? null : msg.header().type();
      if (type == null) {
        log.println("ftlab: control channel: message of unknown type ignored");
        return;
      }
      if (MessageType.CONTROL_INTERRUPT_REQUEST.equals(type)) {
        control.sendMessage(new Message<>(msg.getId(), MessageType.CONTROL_INTERRUPT_REPLY,
            new ControlInterruptReply()));
        interrupt("interrupt_request");
        return;
      }
      // shutdown_request (the only other control message this kernel handles): as its own loop
      MessageHandler handler = channels.getHandler(type);
      if (handler == null) {
        log.println("ftlab: control channel: no handler for " + type.name());
        return;
      }
      channels.setMsgId(msg.getId());
      try {
        handler.handle(msg);
      } catch (RuntimeException e) {
        log.println("ftlab: control channel: " + type.name() + " failed: " + e);
      } finally {
        channels.runAfterActions();
      }
      if (channels.isMarkedForShutdown()) {
        channels.close();
      }
    }
  }

  static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }
}
