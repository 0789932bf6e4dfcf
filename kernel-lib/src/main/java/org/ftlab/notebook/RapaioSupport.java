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
    try {
      return org.rapaio.jupyter.kernel.MainApp.kernel != null;
    } catch (LinkageError e) {
      return false;
    }
  }
}
