package org.ftlab.util;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * Progress of a long computation, shown as one updating line: in a notebook (the Rapaio kernel's
 * updatable display, plain text elsewhere) and on the command line (standard error; a carriage
 * return rewrites the line on a terminal, otherwise a line per 10%).
 *
 * <p>Use: {@code try (Progress p = Progress.start("per-sample gradients", n)) { ... p.step(); }}.
 * The line is rate limited (at most ~4 updates a second) so it costs nothing in a hot loop.
 *
 * <p>A step is also where a long computation can be interrupted (a notebook's Kernel &gt;
 * Interrupt interrupts the thread that runs the cell): {@link #advance} throws a
 * {@link CancellationException} once the thread that started the progress line, or the thread
 * that makes the step, is interrupted, so parallel workers stop too and the computation's
 * try-with-resources blocks free its native memory. Loops without a progress line call
 * {@link #checkInterrupted(String)}. The interrupt is consumed (the thread's interrupt status
 * cleared) as an {@code InterruptedException} consumes it: in the Jupyter kernel, output from a
 * thread whose interrupt status is set is dropped (its ZeroMQ send fails with EINTR), and the
 * progress line's last update ("stopped") is output too.
 */
public final class Progress implements AutoCloseable {
  /** Where progress goes. */
  public interface Sink {
    /** Shows the current line; {@code last} is true for the final update. */
    void show(String line, boolean last);
  }

  private static volatile Sink defaultSink;

  private final String task;
  private final Thread owner = Thread.currentThread();
  private volatile boolean interrupted; // some thread taking a step saw the interrupt
  private final long total;
  private final Sink sink;
  private final long startNanos = System.nanoTime();
  private final long delayNanos;
  private boolean shown;
  private long done;
  private long lastShownNanos;
  private int lastDecile = -1;

  private Progress(String task, long total, Sink sink, long delayNanos) {
    if (total < 0) {
      throw new IllegalArgumentException("progress '" + task + "': total must be >= 0, got "
          + total);
    }
    this.task = task;
    this.total = total;
    this.sink = sink;
    this.delayNanos = delayNanos;
  }

  /** Computations shorter than this show no progress line at all (default sink only). */
  public static final long DEFAULT_DELAY_MILLIS = 1000;

  /**
   * Starts a progress line for {@code total} steps, shown where the environment suggests, and only
   * once the computation has run for {@link #DEFAULT_DELAY_MILLIS} (short ones stay silent).
   */
  public static Progress start(String task, long total) {
    return new Progress(task, total, sink(), DEFAULT_DELAY_MILLIS * 1_000_000L);
  }

  /** Starts a progress line with an explicit sink, shown from the first step. */
  public static Progress start(String task, long total, Sink sink) {
    return new Progress(task, total, sink, 0);
  }

  /** A progress line that shows nothing. */
  public static Progress silent(String task, long total) {
    return new Progress(task, total, (line, last) -> { }, 0);
  }

  /** Sets where progress goes by default (null restores automatic choice). */
  public static void setDefaultSink(Sink sink) {
    defaultSink = sink;
  }

  static Sink sink() {
    Sink s = defaultSink;
    if (s != null) {
      return s;
    }
    Sink notebook = NotebookProgress.sinkIfInsideKernel();
    if (notebook != null) {
      return notebook;
    }
    return new ConsoleSink(System.err, System.console() != null);
  }

  /** One step done. */
  public void step() {
    advance(1);
  }

  /**
   * {@code k} steps done.
   *
   * @throws CancellationException if the thread that started this progress line or the calling
   *     thread is interrupted (the calling thread's interrupt status is cleared)
   */
  public synchronized void advance(long k) {
    if (Thread.interrupted() || interrupted || owner.isInterrupted()) {
      interrupted = true;
      throw new CancellationException(task + ": interrupted at step " + done + " of " + total);
    }
    done = Math.min(total, done + k);
    long now = System.nanoTime();
    if (now - startNanos < delayNanos) {
      return;
    }
    int decile = total == 0 ? 10 : (int) (10 * done / total);
    if (now - lastShownNanos > 250_000_000L || decile != lastDecile) {
      lastShownNanos = now;
      lastDecile = decile;
      shown = true;
      sink.show(line(false), false);
    }
  }

  /**
   * Throws if the calling thread is interrupted: the check of {@link #advance} for a loop that
   * shows no progress line (a training step, a block of an NTK).
   *
   * @param what the computation, named in the exception's message
   * @throws CancellationException if the thread is interrupted (its interrupt status is cleared,
   *     see the class comment)
   */
  public static void checkInterrupted(String what) {
    if (Thread.interrupted()) {
      throw new CancellationException(what + ": interrupted");
    }
  }

  /** Steps done so far. */
  public synchronized long done() {
    return done;
  }

  /** Seconds since start. */
  public double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public synchronized void close() {
    if (interrupted && Thread.currentThread() == owner) {
      Thread.interrupted(); // a worker saw the owner's interrupt first: consumed here
    }
    if (shown || System.nanoTime() - startNanos >= delayNanos) {
      sink.show(line(true), true);
    }
  }

  synchronized String line(boolean last) {
    double s = seconds();
    int width = 24;
    int filled = total == 0 ? width : (int) (width * done / total);
    StringBuilder bar = new StringBuilder();
    for (int i = 0; i < width; i++) {
      bar.append(i < filled ? '#' : '.');
    }
    String eta = "";
    if (!last && done > 0 && done < total) {
      eta = String.format(Locale.ROOT, ", ~%.0f s left", s * (total - done) / done);
    }
    return String.format(Locale.ROOT, "%s [%s] %d/%d (%.1f s%s)%s", task, bar, done, total, s,
        eta, last ? (done == total ? " done" : " stopped") : "");
  }

  /** Standard-error sink: carriage-return updates on a terminal, decile lines otherwise. */
  static final class ConsoleSink implements Sink {
    private final PrintStream out;
    private final boolean terminal;
    private String lastLine = "";

    ConsoleSink(PrintStream out, boolean terminal) {
      this.out = out;
      this.terminal = terminal;
    }

    @Override
    public void show(String line, boolean last) {
      if (terminal) {
        out.print("\r" + line + (last ? "\n" : ""));
        out.flush();
      } else {
        // one line per decile without a terminal, so logs stay readable
        String key = line.replaceAll(" \\([0-9.]+ s.*$", ""); // without the timing part
        if (last || !key.equals(lastLine)) {
          out.println(line);
          lastLine = key;
        }
      }
    }
  }
}
