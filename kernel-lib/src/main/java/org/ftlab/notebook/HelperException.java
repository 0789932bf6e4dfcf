package org.ftlab.notebook;

/**
 * A bad argument to a notebook helper or magic: the message is one line naming the argument and
 * what it accepts, and there is no stack trace, so a kernel shows only that line (and keeps
 * running: it is an ordinary exception of one cell).
 */
public final class HelperException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  HelperException(String message) {
    super(message);
  }

  /** No stack trace: the message is the whole story. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
