package org.ftlab.options;

/** Bad command-line (or helper) arguments: the message is one line naming the argument. */
public final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A usage error with a one-line message. */
  public UsageException(String message) {
    super(message);
  }
}
