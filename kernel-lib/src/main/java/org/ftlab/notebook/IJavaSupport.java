package org.ftlab.notebook;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
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

  /**
   * Registers the one-liner magics ({@code %ntk}, {@code %beta}, ...) with IJava's magics registry,
   * found through the kernel's {@code getMagics()} (IJava's kernel class is not on Maven Central).
   *
   * @return true if the kernel had a registry
   */
  static boolean registerMagics(BaseKernel kernel) {
    try {
      Object m = kernel.getClass().getMethod("getMagics").invoke(kernel);
      if (m instanceof Magics magics) {
        registerMagics(magics);
        return true;
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      // not IJava's kernel: nothing to register with
    }
    return false;
  }

  /** Registers the one-liner magics with a base-kernel magics registry. */
  public static void registerMagics(Magics magics) {
    for (org.ftlab.cli.OneLiners.Helper h : org.ftlab.cli.OneLiners.helpers()) {
      magics.registerLineMagic(h.magic(), args -> Ftlab.call(h.name(), args));
    }
    magics.registerLineMagic("ftlab", Ftlab::runMagic);
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
