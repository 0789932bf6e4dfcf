package org.ftlab.util;

/**
 * Progress inside a Jupyter kernel. In the Rapaio kernel the line is one display that is updated
 * in place ({@code update_display_data}); the kernel classes are looked up reflectively so the
 * library runs unchanged outside any kernel.
 */
final class NotebookProgress {
  private static final String RAPAIO_GLOBAL = "org.rapaio.jupyter.kernel.global.Global";

  private NotebookProgress() {}

  static Progress.Sink sinkIfInsideKernel() {
    Class<?> global = find(RAPAIO_GLOBAL);
    if (global != null && rapaioKernelRunning()) {
      return new RapaioSink(global);
    }
    return null;
  }

  private static boolean rapaioKernelRunning() {
    try {
      Class<?> app = find("org.rapaio.jupyter.kernel.MainApp");
      return app != null && app.getField("kernel").get(null) != null;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  private static Class<?> find(String name) {
    try {
      return Class.forName(name, false, NotebookProgress.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      try {
        return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
      } catch (ClassNotFoundException | LinkageError e2) {
        return null;
      }
    }
  }

  private static final class RapaioSink implements Progress.Sink {
    private final Class<?> global;
    private String id;

    RapaioSink(Class<?> global) {
      this.global = global;
    }

    @Override
    public void show(String line, boolean last) {
      String html = "<pre style=\"margin:0\">" + escape(line) + "</pre>";
      try {
        if (id == null) {
          id = (String) global.getMethod("display", String.class, Object.class)
              .invoke(null, "text/html", html);
        } else {
          global.getMethod("updateDisplay", String.class, String.class, Object.class)
              .invoke(null, id, "text/html", html);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // the display channel is gone (e.g. kernel shutting down): fall back to plain text
        System.out.println(line);
      }
    }

    private static String escape(String s) {
      return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
  }
}
