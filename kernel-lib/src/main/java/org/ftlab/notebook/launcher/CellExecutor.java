package org.ftlab.notebook.launcher;

import java.io.PrintStream;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the notebook's cells in place of the executor of rapaio-jupyter-kernel 3.0.1, so that a
 * cell can be interrupted and every later cell still runs.
 *
 * <p>The kernel evaluates a cell with JShell's in-process engine (its {@code
 * RapaioExecutionControl}, a {@code DirectExecutionControl}) by submitting the snippet to an
 * executor and waiting for the future. Its own interrupt shuts that executor down for good, so
 * every later cell is rejected and shows nothing; this executor is installed instead (see
 * {@link RapaioKernelLauncher}) and never stops accepting cells.
 *
 * <p>Cells run on a thread {@code ftlab-cell-N} (daemon) that is kept for the next cell, so the
 * snippets of a cell and the cells that follow share one thread and its thread-local state (such
 * as libtorch's autograd mode), as with the kernel's own cached pool. {@link #interruptRunning()}
 * interrupts the running cell's thread: a cell waiting in {@code sleep},
 * {@code wait}, a lock or interruptible I/O, or a library loop that checks for interruption
 * (ftlab's do, through {@code org.ftlab.util.Progress}), ends at once. A cell that ignores the
 * interrupt for {@code graceMillis} (a Java loop without such checks, a long native call) has its
 * thread stopped, as JShell's own local engine stops a cell ({@code Thread.stop}; the stop takes
 * effect when the thread returns from native code), and the kernel gets control back at that
 * moment. Either way the cell's outcome is {@link CellInterrupted}, which the kernel prints as one
 * line. A thread that was interrupted runs no further cell: the next one starts on a new thread. A
 * cell that is not running is not affected: interrupting an idle kernel does nothing.
 *
 * <p>The kernel's own interrupt path ({@code cancel} on the future, then {@code shutdown},
 * {@code awaitTermination}, {@code shutdownNow}) is mapped to the same interruption, so even if it
 * is reached the executor keeps accepting cells.
 */
final class CellExecutor extends AbstractExecutorService {
  /** How long a cell may ignore the interrupt before its thread is stopped. */
  static final long GRACE_MILLIS = 5000;

  private static final AtomicInteger IDS = new AtomicInteger();
  private static final boolean CAN_STOP = Runtime.version().feature() < 20;

  private final long graceMillis;
  private final PrintStream log;
  private final Set<Cell<?>> running = ConcurrentHashMap.newKeySet();
  private final Deque<Worker> idle = new ConcurrentLinkedDeque<>();
  private volatile Object publishLock = new Object();
  private volatile boolean inRequest; // the kernel is handling an execute_request
  private volatile boolean pendingInterrupt; // for the request's next snippet

  /**
   * @param graceMillis how long a cell may ignore an interrupt before its thread is stopped
   * @param log where diagnostics go (the kernel process's standard error, not the notebook)
   */
  CellExecutor(long graceMillis, PrintStream log) {
    this.graceMillis = graceMillis;
    this.log = log;
  }

  /**
   * The monitor the kernel holds while it sends a message on IOPub (its channel object, whose
   * {@code sendMessage} is synchronized). A cell's thread is interrupted or stopped only while
   * holding it, so that never happens in the middle of a multipart message: JeroMQ fails a send
   * from an interrupted thread with EINTR, and a message cut short after its first frames would
   * corrupt the next one on the socket.
   */
  void publishLock(Object lock) {
    publishLock = lock;
  }

  /** The kernel starts handling an execute_request (a cell of one or more snippets). */
  void requestStarted() {
    pendingInterrupt = false;
    inRequest = true;
  }

  /** The kernel has answered the execute_request. */
  void requestEnded() {
    inRequest = false;
    pendingInterrupt = false;
  }

  /**
   * Interrupts every running cell (normally one) and returns how many. If none runs but the kernel
   * is handling a cell (compiling its next snippet), that snippet will not run: the interrupt is
   * kept for it and {@link #interruptPending()} is true. Otherwise (an idle kernel) nothing changes.
   */
  int interruptRunning() {
    int n = 0;
    for (Cell<?> c : running) {
      if (c.interrupt()) {
        n++;
      }
    }
    if (n == 0 && inRequest) {
      pendingInterrupt = true;
    }
    return n;
  }

  /** True if an interrupt waits for the next snippet of the cell being handled. */
  boolean interruptPending() {
    return pendingInterrupt;
  }

  @Override
  protected <T> RunnableFuture<T> newTaskFor(Callable<T> task) {
    return new Cell<>(task);
  }

  @Override
  protected <T> RunnableFuture<T> newTaskFor(Runnable task, T value) {
    return new Cell<>(Executors.callable(task, value));
  }

  @Override
  public void execute(Runnable command) {
    Cell<?> cell = command instanceof Cell<?> c ? c : new Cell<>(Executors.callable(command));
    if (pendingInterrupt && inRequest) {
      pendingInterrupt = false;
      cell.interruptRequested = true; // ends as interrupted without running
    }
    running.add(cell);
    for (Worker w = idle.pollFirst(); w != null; w = idle.pollFirst()) {
      if (w.hand(cell)) {
        return;
      }
    }
    new Worker(cell).start();
  }

  /** A thread that runs cells one after another until one of them is interrupted. */
  private final class Worker extends Thread {
    private final SynchronousQueue<Cell<?>> next = new SynchronousQueue<>();
    private Cell<?> first;

    Worker(Cell<?> first) {
      super("ftlab-cell-" + IDS.incrementAndGet()); // inherits the context class loader (JShell's)
      setDaemon(true); // a cell that cannot be stopped never keeps a shut-down kernel alive
      this.first = first;
    }

    /** Hands a cell to this idle worker; false if it does not take it within a second. */
    boolean hand(Cell<?> cell) {
      try {
        return next.offer(cell, 1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    @Override
    public void run() {
      Cell<?> cell = first;
      first = null;
      while (true) {
        Thread.interrupted(); // a cell's own interrupt does not reach the next cell
        boolean mine = cell.execute();
        // a thread that was interrupted (or is being stopped) runs no further cell; one that
        // was not is idle again before the kernel sees the outcome, so that the next snippet
        // of the cell runs on it (thread-local state such as libtorch's autograd mode)
        boolean reuse = mine && !cell.interruptedOutcome;
        if (reuse) {
          idle.push(this);
        }
        if (mine) {
          cell.publish();
        }
        if (!reuse) {
          return;
        }
        try {
          cell = next.take();
        } catch (InterruptedException e) {
          idle.remove(this);
          return;
        }
      }
    }
  }

  /** The kernel calls this only to interrupt (its {@code stop()}): interrupts, keeps running. */
  @Override
  public void shutdown() {
    interruptRunning();
  }

  /** As {@link #shutdown()}; nothing is queued, so the list is empty. */
  @Override
  public List<Runnable> shutdownNow() {
    interruptRunning();
    return List.of();
  }

  /** Never shut down: the kernel then reports a cancelled cell as interrupted, not stopped. */
  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  /** Waits until no cell runs; true if none does. */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (Cell<?> c : running) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !c.ended.await(left, TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return running.isEmpty();
  }

  /** Cells currently running (for tests). */
  int runningCount() {
    return running.size();
  }

  /**
   * One cell: a future the kernel waits on, completed either by the cell's thread (its value or
   * exception, or {@link CellInterrupted} if an interrupt came) or by the interrupt itself when the
   * cell ignores it. A state word decides which of the two completes the future, so the thread is
   * stopped only while it is still inside the cell's code.
   */
  private final class Cell<T> extends CompletableFuture<T> implements RunnableFuture<T> {
    private static final int RUNNING = 0;
    private static final int FINISHED = 1; // the cell's thread completes the future
    private static final int STOPPED = 2; // the interrupt completes it and stops the thread

    private final Callable<T> task;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean interruptRequested;
    private Thread thread; // guarded by this; set while the task runs
    private boolean interruptedOutcome; // the outcome, set by execute() for publish()
    private T value;
    private Throwable failure;

    Cell(Callable<T> task) {
      this.task = task;
    }

    @Override
    public void run() {
      if (execute()) {
        publish();
      }
    }

    /**
     * Runs the task on the calling thread; true if this thread then owns the outcome (call
     * {@link #publish}), false if the interrupt took the cell over (the thread is being stopped).
     */
    boolean execute() {
      synchronized (this) {
        thread = Thread.currentThread();
      }
      T result = null;
      Throwable thrown = null;
      try {
        if (!interruptRequested) {
          result = task.call();
        }
      } catch (Throwable e) { // as FutureTask: the kernel unwraps the cause
        thrown = e;
      }
      synchronized (this) {
        thread = null;
      }
      // once the interrupt has claimed the cell (STOPPED) this thread may be hit by the stop at
      // any instruction, so it touches nothing shared any more
      boolean mine = state.compareAndSet(RUNNING, FINISHED);
      if (mine) {
        interruptedOutcome = interruptRequested;
        value = result;
        failure = thrown;
        running.remove(this);
      }
      ended.countDown();
      return mine;
    }

    /** Completes the future with the outcome {@link #execute} found. */
    void publish() {
      if (interruptedOutcome) {
        completeExceptionally(new CellInterrupted("the cell was interrupted"));
      } else if (failure != null) {
        completeExceptionally(failure);
      } else {
        complete(value);
      }
    }

    /** Interrupts the cell if it still runs; then stops it if it ignores that for the grace. */
    boolean interrupt() {
      if (state.get() != RUNNING) {
        return false;
      }
      boolean first = !interruptRequested;
      interruptRequested = true;
      synchronized (publishLock) {
        synchronized (this) {
          if (thread != null) {
            thread.interrupt();
          }
        }
      }
      if (first) {
        Thread watch = new Thread(this::stopIfStillRunning, "ftlab-interrupt");
        watch.setDaemon(true);
        watch.start();
      }
      return true;
    }

    private void stopIfStillRunning() {
      try {
        if (ended.await(graceMillis, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      if (!state.compareAndSet(RUNNING, STOPPED)) {
        return; // the cell's thread finished after all and completed the future
      }
      Thread t;
      synchronized (this) {
        t = thread;
      }
      String name = t == null ? "?" : t.getName();
      String how = stop(t)
          ? "so its thread was stopped and objects it was changing may be left half-updated"
          : "and this Java cannot stop threads, so it still runs in the background (restart the "
              + "kernel to end it)";
      String ignored = String.format(Locale.ROOT, "it ignored the interrupt for %.0f s", graceMillis
          / 1e3);
      log.println("ftlab: cell thread " + name + ": " + ignored + ", " + how);
      completeExceptionally(new CellInterrupted("the cell was interrupted: " + ignored + ", "
          + how));
      running.remove(this);
    }

    @SuppressWarnings({"deprecation", "removal"})
    private boolean stop(Thread t) {
      if (!CAN_STOP) {
        return false;
      }
      if (t != null) {
        try {
          synchronized (publishLock) { // the stop is delivered outside a message (see publishLock)
            t.stop();
          }
        } catch (UnsupportedOperationException e) {
          return false;
        }
      }
      return true;
    }

    /** The kernel's own interrupt cancels the future: the cell is interrupted as above. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      interrupt();
      return cancelled;
    }
  }
}
