package org.ftlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ftlab.cli.OneLiners;
import org.ftlab.ntk.NtkResult;
import org.ftlab.stability.ParameterDistanceResult;
import org.ftlab.stability.SyntheticResult;
import org.junit.jupiter.api.Test;

/**
 * The one-liner magics through the kernel libraries' own registry classes, constructed the way
 * the kernels construct them (IJava: {@code new Magics()} of jupyter-jvm-basekernel; JJava:
 * {@code new MagicsRegistry()}), rendered through their own renderers.
 */
class OneLinerMagicsTest {
  private static final List<String> ATTN = List.of("--model", "attn", "--n", "5", "--width",
      "8", "--heads", "2", "--layers", "1", "--seq", "3", "--input-dim", "4", "--seed", "1");
  private static final List<String> STAB = List.of("--factor", "samples", "--sets", "2",
      "--points", "30", "--steps", "10");

  @Test
  void ijavaMagicsRenderPngAndHtml() throws Exception {
    var magics = new io.github.spencerpark.jupyter.kernel.magic.registry.Magics();
    IJavaSupport.registerMagics(magics);
    var renderer = new io.github.spencerpark.jupyter.kernel.display.Renderer();
    IJavaSupport.registerRenderers(renderer);
    var png = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("image/png");
    var html = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("text/html");

    Object k = magics.applyLineMagic("ntk", ATTN);
    NtkResult ntk = assertInstanceOf(NtkResult.class, k, "%ntk returns the NTK result");
    assertEquals(5, ntk.sampleCount());
    var dd = renderer.render(k);
    assertTrue(dd.hasDataForType(png), "%ntk renders image/png");
    MimeBundleTest.decodePng((String) dd.getData(png));
    assertTrue(((String) dd.getData(html)).contains("Empirical NTK"), "%ntk renders its summary");

    Object s = magics.applyLineMagic("stability", STAB);
    assertInstanceOf(SyntheticResult.class, s, "%stability defaults to the synthetic subcommand");
    var sd = renderer.render(s);
    assertTrue(sd.hasDataForType(png) && sd.hasDataForType(html), "%stability renders png+html");
  }

  @Test
  void ijavaEveryMagicIsRegisteredAndRejectsBadArgumentsInOneLine() {
    var magics = new io.github.spencerpark.jupyter.kernel.magic.registry.Magics();
    IJavaSupport.registerMagics(magics);
    for (OneLiners.Helper h : OneLiners.helpers()) {
      HelperException e = assertThrows(HelperException.class,
          () -> magics.applyLineMagic(h.magic(), List.of("--nope", "1")),
          "%" + h.magic() + " is registered and parses with its command's options");
      assertOneLineNaming(e, "--nope", "accepted: --");
    }
    HelperException n = assertThrows(HelperException.class,
        () -> magics.applyLineMagic("ntk", List.of("--n", "zero")));
    assertOneLineNaming(n, "--n", "a whole number > 0");
    assertEquals("ntk: --n expects a whole number > 0, got 'zero' (see help(\"ntk\"))",
        n.getMessage());
  }

  /** IJava's kernel class, as far as ftlab sees it: a base kernel with {@code getMagics()}. */
  public static final class FakeIJavaKernel extends io.github.spencerpark.jupyter.kernel.BaseKernel {
    private final io.github.spencerpark.jupyter.kernel.magic.registry.Magics magics =
        new io.github.spencerpark.jupyter.kernel.magic.registry.Magics();

    public io.github.spencerpark.jupyter.kernel.magic.registry.Magics getMagics() {
      return magics;
    }

    @Override
    public io.github.spencerpark.jupyter.kernel.display.DisplayData eval(String expr) {
      return null;
    }

    @Override
    public io.github.spencerpark.jupyter.kernel.LanguageInfo getLanguageInfo() {
      return null;
    }
  }

  @Test
  void installFindsIJavasRegistryThroughTheKernelInstance() throws Exception {
    FakeIJavaKernel k = new FakeIJavaKernel();
    assertTrue(IJavaSupport.registerMagics(k), "getMagics() found by reflection");
    Object r = k.getMagics().applyLineMagic("stability", STAB);
    assertInstanceOf(SyntheticResult.class, r);
    var dd = k.getRenderer().render(r);
    var html = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("text/html");
    assertFalse(dd.hasDataForType(html), "renderers not yet registered: plain text only");
    IJavaSupport.registerRenderers(k.getRenderer());
    assertTrue(k.getRenderer().render(r).hasDataForType(html), "after registration: html");
  }

  @Test
  void jjavaMagicsAreRegisteredAndRender() throws Exception {
    var registry = new org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry();
    JJavaExtension.registerMagics(registry);
    for (OneLiners.Helper h : OneLiners.helpers()) {
      assertTrue(registry.getLineMagicNames().contains(h.magic()), "JJava has %" + h.magic());
    }
    var renderer = new org.dflib.jjava.jupyter.kernel.display.Renderer();
    JJavaExtension.registerRenderers(renderer);
    var png = org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("image/png");
    var html = org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("text/html");
    Object k = registry.evalLineMagic(null, "ntk", ATTN);
    var dd = renderer.render(k);
    assertTrue(dd.hasDataForType(png), "JJava %ntk renders image/png");
    MimeBundleTest.decodePng((String) dd.getData(png));
    assertTrue(((String) dd.getData(html)).contains("Empirical NTK"), "JJava %ntk html");
    HelperException e = assertThrows(HelperException.class,
        () -> registry.evalLineMagic(null, "earlystop", List.of("--model", "gpt2")));
    assertOneLineNaming(e, "--model", "minilm");
  }

  @Test
  void appendixMagicRunsThroughBothRegistriesAndRenders() throws Exception {
    var magics = new io.github.spencerpark.jupyter.kernel.magic.registry.Magics();
    IJavaSupport.registerMagics(magics);
    var renderer = new io.github.spencerpark.jupyter.kernel.display.Renderer();
    IJavaSupport.registerRenderers(renderer);
    var png = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("image/png");
    var html = io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse("text/html");
    Object d = magics.applyLineMagic("appendix", List.of("--task", "rte", "--train-size", "12",
        "--epochs", "1", "--max-length", "16", "--test-size", "8"));
    ParameterDistanceResult r = assertInstanceOf(ParameterDistanceResult.class, d,
        "%appendix defaults to the distance subcommand (A.7)");
    assertEquals(7, r.groups().size(), "embeddings + 6 MiniLM layers");
    assertEquals(r.groups().stream().mapToLong(ParameterDistanceResult.Row::count).sum(),
        r.overall().count(), "overall counts every group");
    var dd = renderer.render(d);
    assertTrue(dd.hasDataForType(png), "%appendix renders image/png");
    MimeBundleTest.decodePng((String) dd.getData(png));
    assertTrue(((String) dd.getData(html)).contains("A.7"), "%appendix renders its table");

    var registry = new org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry();
    JJavaExtension.registerMagics(registry);
    HelperException e = assertThrows(HelperException.class, () -> registry.evalLineMagic(null,
        "appendix", List.of("taylor", "--perturbations", "0.01,big")));
    assertOneLineNaming(e, "--perturbations", "not a number", "help(\"appendix\")");
    HelperException s = assertThrows(HelperException.class, () -> registry.evalLineMagic(null,
        "appendix", List.of("tailor")));
    assertOneLineNaming(s, "tailor", "distance, taylor");
  }

  @Test
  void magicAndFunctionGiveTheSameResult() throws Exception {
    var magics = new io.github.spencerpark.jupyter.kernel.magic.registry.Magics();
    IJavaSupport.registerMagics(magics);
    NtkResult viaMagic = magics.applyLineMagic("ntk", ATTN);
    NtkResult viaFunction = Ftlab.ntk(String.join(" ", ATTN));
    NtkResult viaVarargs = Ftlab.ntk(ATTN.toArray(new String[0]));
    assertEquals(viaMagic.trace(), viaFunction.trace(), 0.0, "same seed, same K (exact)");
    assertEquals(viaMagic.trace(), viaVarargs.trace(), 0.0, "varargs tokens, same K (exact)");
  }

  @Test
  void helpListsEveryHelperAndSaysRapaioHasNoUserMagics() {
    HelpText h = Ftlab.help();
    for (OneLiners.Helper o : OneLiners.helpers()) {
      assertTrue(h.summaryText().contains(o.name() + "(") && h.summaryText().contains(o.example()),
          "help() lists " + o.name() + " with its example");
      assertTrue(h.summaryHtml().contains("%" + o.magic()), "help() names %" + o.magic());
    }
    assertTrue(h.summaryText().contains("Rapaio"), "help() says what the Rapaio kernel lacks");
    assertTrue(Ftlab.help("beta").contains("--draws N"), "help(\"beta\") lists its options");
    String a = Ftlab.help("appendix");
    assertTrue(a.contains("subcommand distance (default)") && a.contains("subcommand taylor")
        && a.contains("--perturbations TEXT"), "help(\"appendix\") lists both option tables: " + a);
    HelperException e = assertThrows(HelperException.class, () -> Ftlab.help("frob"));
    assertOneLineNaming(e, "frob", "ntk, beta, earlyStop, stability, taskVectors");
  }

  @Test
  void aResultJustShownByAHelperIsNotDrawnTwice() {
    NtkResult r = Ftlab.ntk(String.join(" ", ATTN));
    Map<String, String> full = MimeBundle.of(r);
    assertTrue(full.containsKey(MimeBundle.PNG), "outside a kernel nothing was shown: full");
    JustShown.mark(r);
    Map<String, String> again = MimeBundle.of(r);
    assertEquals(List.of(MimeBundle.PLAIN), List.copyOf(again.keySet()),
        "the cell value right after the helper displayed it: one line");
    assertTrue(again.get(MimeBundle.PLAIN).startsWith("(shown above)"), again.toString());
    assertTrue(MimeBundle.of(r).containsKey(MimeBundle.PNG), "later renderings are complete");
  }

  private static void assertOneLineNaming(HelperException e, String... parts) {
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertEquals(0, e.getStackTrace().length, "no stack trace to show beside the message");
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message names " + p + ": " + e.getMessage());
    }
  }
}
