package org.ftlab.notebook.launcher;

/**
 * The outcome of a notebook cell that was interrupted (Kernel &gt; Interrupt). The kernel shows an
 * exception as its class name, message and one line per stack frame, so this one carries no stack
 * trace: the cell's output is the single line {@code org.ftlab.notebook.launcher.CellInterrupted:
 * the cell was interrupted} (longer if the cell ignored the interrupt and had to be stopped).
 */
public final class CellInterrupted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CellInterrupted(String message) {
    super(message, null, false, false);
  }
}
