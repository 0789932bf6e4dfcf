package org.ftlab.notebook;

/**
 * Remembers the result a helper has just displayed, so that when the same object is also the
 * cell's value a moment later ({@code ntk("--n 50")} as the last line of a cell) the kernel shows
 * one line instead of drawing everything twice. Only the next rendering of that same object
 * within {@link #WINDOW_NANOS} is shortened, and in the Rapaio kernel only within the same cell
 * ({@link #clear} runs when the cell ends); later renderings are complete.
 */
final class JustShown {
  static final long WINDOW_NANOS = 5_000_000_000L;
  private static Object last;
  private static long at;

  private JustShown() {}

  static synchronized void mark(Object o) {
    last = o;
    at = System.nanoTime();
  }

  /** Forgets {@code o} if it is still remembered. */
  static synchronized void clear(Object o) {
    if (o == last) {
      last = null;
    }
  }

  /** True (once) if {@code o} was displayed by a helper within the window. */
  static synchronized boolean consume(Object o) {
    boolean hit = o != null && o == last && System.nanoTime() - at < WINDOW_NANOS;
    if (o == last) {
      last = null;
    }
    return hit;
  }
}
