package org.ftlab.notebook;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Map;

/**
 * IJava integration (kernels built on {@code io.github.spencerpark:jupyter-jvm-basekernel}):
 * registers ftlab's renderers with the kernel's {@link Renderer}. Called by
 * {@link Ftlab#install()}; IJava itself is not on Maven Central, so its kernel instance is found
 * by reflection and everything else is compiled against the base kernel library.
 */
public final class IJavaSupport {
  static final String KERNEL_CLASS = "io.github.spencerpark.ijava.IJava";

  private IJavaSupport() {}

  /** Registers renderers for charts, tables and ftlab results with an IJava renderer. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void registerRenderers(Renderer renderer) {
    for (Class<?> type : MimeBundle.RENDERED_TYPES) {
      Renderer.RenderRegistration reg = renderer.createRegistration(type);
      reg.preferring(MimeBundle.HTML, MimeBundle.PNG, MimeBundle.SVG, MimeBundle.PLAIN)
          .supporting(MimeBundle.HTML, MimeBundle.PNG, MimeBundle.SVG, MimeBundle.PLAIN)
          .register((o, ctx) -> {
            Map<String, String> bundle = MimeBundle.of(o);
            io.github.spencerpark.jupyter.kernel.display.RenderContext c =
                (io.github.spencerpark.jupyter.kernel.display.RenderContext) ctx;
            bundle.forEach((mime, data) -> c.renderIfRequested(MIMEType.parse(mime), () -> data));
          });
    }
  }

  /** The running IJava kernel, or null when not inside IJava. */
  static BaseKernel kernel() {
    try {
      Class<?> k = Class.forName(KERNEL_CLASS, false, Thread.currentThread()
          .getContextClassLoader());
      return (BaseKernel) k.getMethod("getKernelInstance").invoke(null);
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      return null;
    }
  }
}
