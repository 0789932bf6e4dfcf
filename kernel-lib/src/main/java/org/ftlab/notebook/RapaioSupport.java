package org.ftlab.notebook;

/**
 * Rapaio kernel integration. Its display SPI finds {@link RapaioDisplayProvider} through
 * {@code META-INF/services}; this class only checks that the kernel is running.
 */
final class RapaioSupport {
  private RapaioSupport() {}

  static boolean insideKernel() {
    if (!Ftlab.classPresent("org.rapaio.jupyter.kernel.MainApp")) {
      return false;
    }
    // touching MainApp runs its class initialiser, which builds a whole kernel (with JShell):
    // only do that in a JVM that was started as the Rapaio kernel
    String cmd = System.getProperty("sun.java.command", "").toLowerCase(java.util.Locale.ROOT);
    if (!cmd.contains("rapaio")) {
      return false;
    }
    try {
      // MainApp.kernel is created by MainApp's class initialiser even outside a running kernel
      // (e.g. when the jar is only on a test or IJava classpath); channels are set on connect
      return org.rapaio.jupyter.kernel.MainApp.kernel != null
          && org.rapaio.jupyter.kernel.MainApp.kernel.channels() != null;
    } catch (LinkageError e) {
      return false;
    }
  }

  /**
   * Runs {@code action} when the kernel has finished the current cell (after it has published the
   * cell's value); false if that is not possible.
   */
  static boolean afterCell(Runnable action) {
    try {
      org.rapaio.jupyter.kernel.MainApp.kernel.channels().scheduleAfter(action);
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
