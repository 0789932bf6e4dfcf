package org.ftlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Renders through each kernel library's own renderer classes and checks the MIME bundle they
 * produce, so the IJava and JJava paths are exercised without those kernels running.
 */
class KernelAdaptersTest {
  private static Table table() {
    return Table.create("t").addColumns(IntColumn.create("k", 7, 8));
  }

  @Test
  void ijavaRendererProducesPngForChartsAndHtmlForTables() throws Exception {
    var renderer = new io.github.spencerpark.jupyter.kernel.display.Renderer();
    IJavaSupport.registerRenderers(renderer);
    var mime = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.class;
    var png = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("image/png");
    var html = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("text/html");
    var dd = renderer.render(MimeBundleTest.chart());
    assertTrue(dd.hasDataForType(png), "IJava chart has image/png: " + dd.getData(png));
    MimeBundleTest.decodePng((String) dd.getData(png));
    var td = renderer.render(table());
    assertTrue(td.hasDataForType(html), "IJava table has text/html");
    assertTrue(((String) td.getData(html)).contains("<td>8</td>"), "table cell in html");
    assertTrue(mime != null);
  }

  @Test
  void jjavaRendererProducesPngForChartsAndHtmlForTables() throws Exception {
    var renderer = new org.dflib.jjava.jupyter.kernel.display.Renderer();
    JJavaExtension.registerRenderers(renderer);
    var png = org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("image/png");
    var html = org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("text/html");
    var dd = renderer.render(MimeBundleTest.chart());
    assertTrue(dd.hasDataForType(png), "JJava chart has image/png");
    MimeBundleTest.decodePng((String) dd.getData(png));
    var td = renderer.render(table());
    assertTrue(((String) td.getData(html)).contains("<td>7</td>"), "table cell in html");
  }

  @Test
  void jjavaFindsTheExtensionThroughItsServiceFile() {
    long found = ServiceLoader.load(org.dflib.jjava.jupyter.Extension.class).stream()
        .filter(p -> p.type() == JJavaExtension.class).count();
    assertEquals(1, found, "JJavaExtension registered in META-INF/services");
  }

  @Test
  void rapaioFindsTheProviderAndRendersThroughIt() {
    var providers = ServiceLoader.load(
        org.rapaio.jupyter.kernel.display.spi.DisplayProvider.class).stream()
        .filter(p -> p.type() == RapaioDisplayProvider.class).toList();
    assertEquals(1, providers.size(), "RapaioDisplayProvider registered in META-INF/services");
    var renderers = providers.get(0).get().getDisplayRenderers();
    var chartRenderer = renderers.stream()
        .filter(r -> r.rendererClass().isInstance(MimeBundleTest.chart())).findFirst()
        .orElseThrow();
    var dd = chartRenderer.render(null, MimeBundleTest.chart());
    assertTrue(dd.data().containsKey("image/png"), "Rapaio display data keys: " + dd.data().keySet());
    var tableRenderer = renderers.stream().filter(r -> r.rendererClass().isInstance(table()))
        .findFirst().orElseThrow();
    assertTrue(String.valueOf(tableRenderer.render(null, table()).data().get("text/html"))
        .contains("<td>8</td>"));
  }
}
