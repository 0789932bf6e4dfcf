package org.ftlab.notebook;

import java.util.Map;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * JJava integration: installed automatically through JJava's {@link Extension} service
 * ({@code META-INF/services/org.dflib.jjava.jupyter.Extension}) when ftlab's jar is on the kernel's
 * classpath. Registers ftlab's renderers with the kernel's {@link Renderer}.
 */
public final class JJavaExtension implements Extension {
  @Override
  public void install(BaseKernel kernel) {
    registerRenderers(kernel.getRenderer());
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
