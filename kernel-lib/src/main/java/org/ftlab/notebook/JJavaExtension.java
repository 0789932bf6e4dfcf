package org.ftlab.notebook;

import java.util.Map;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/**
 * JJava integration: installed automatically through JJava's {@link Extension} service
 * ({@code META-INF/services/org.dflib.jjava.jupyter.Extension}) when ftlab's jar is on the kernel's
 * classpath. Registers ftlab's renderers with the kernel's {@link Renderer}.
 */
public final class JJavaExtension implements Extension {
  private static volatile BaseKernel kernel;

  /**
   * Registers ftlab's renderers and the one-liner magics ({@code %ntk}, {@code %beta}, ...) with
   * the kernel; helpers then display through it.
   */
  @Override
  public void install(BaseKernel kernel) {
    org.ftlab.util.NativeMemory.configure();
    registerRenderers(kernel.getRenderer());
    registerMagics(kernel.getMagicsRegistry());
    JJavaExtension.kernel = kernel;
  }

  /** The kernel this extension was installed in, or null. */
  static BaseKernel kernel() {
    return kernel;
  }

  /** Registers the one-liner magics with a JJava magics registry. */
  public static void registerMagics(MagicsRegistry registry) {
    for (org.ftlab.cli.OneLiners.Helper h : org.ftlab.cli.OneLiners.helpers()) {
      LineMagic<Object, BaseKernel> magic = (k, args) -> Ftlab.call(h.name(), args);
      registry.registerLineMagic(h.magic(), magic);
    }
    LineMagic<Object, BaseKernel> run = (k, args) -> Ftlab.runMagic(args);
    registry.registerLineMagic("ftlab", run);
  }

  /** Registers renderers for charts, tables and ftlab results with a JJava renderer. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void registerRenderers(Renderer renderer) {
    for (Class<?> type : MimeBundle.RENDERED_TYPES) {
      Renderer.RenderRegistration reg = renderer.createRegistration(type);
      reg.preferring(MimeBundle.HTML, MimeBundle.PNG, MimeBundle.SVG, MimeBundle.PLAIN)
          .supporting(MimeBundle.HTML, MimeBundle.PNG, MimeBundle.SVG, MimeBundle.PLAIN)
          .register((o, ctx) -> {
            Map<String, String> bundle = MimeBundle.of(o);
            RenderContext c = (RenderContext) ctx;
            bundle.forEach((mime, data) -> c.renderIfRequested(MIMEType.parse(mime), () -> data));
          });
    }
  }
}
