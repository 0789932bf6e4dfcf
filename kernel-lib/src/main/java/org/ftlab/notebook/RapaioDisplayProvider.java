package org.ftlab.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

/**
 * Renders ftlab's objects in the Rapaio Java kernel, through its display SPI
 * ({@code META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider}).
 */
public final class RapaioDisplayProvider implements DisplayProvider {
  @Override
  public List<DisplayRenderer> getDisplayRenderers() {
    List<DisplayRenderer> list = new ArrayList<>();
    for (Class<?> type : MimeBundle.RENDERED_TYPES) {
      list.add(new BundleRenderer(type));
    }
    return list;
  }

  @Override
  public List<DisplayTransformer> getDisplayTransformers() {
    return List.of();
  }

  /** Converts a MIME bundle into Rapaio's display data. */
  static DisplayData toDisplayData(Map<String, String> bundle) {
    DisplayData dd = DisplayData.withType(MimeBundle.PLAIN, bundle.get(MimeBundle.PLAIN));
    bundle.forEach(dd::putData);
    return dd;
  }

  private record BundleRenderer(Class<?> type) implements DisplayRenderer {
    @Override
    public Class<?> rendererClass() {
      return type;
    }

    @Override
    public boolean canRender(String mime) {
      return true;
    }

    @Override
    public DisplayData render(String mime, Object o) {
      return toDisplayData(MimeBundle.of(o));
    }
  }
}
