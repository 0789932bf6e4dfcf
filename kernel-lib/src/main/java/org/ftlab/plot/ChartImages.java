package org.ftlab.plot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Encodes XChart charts as PNG or SVG, headless. */
public final class ChartImages {
  private ChartImages() {}

  /** PNG bytes of a chart. */
  public static byte[] png(Chart<?, ?> chart) {
    ensureHeadless();
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as PNG", e);
    }
  }

  /** Base64 of the PNG, the form Jupyter's {@code image/png} expects. */
  public static String pngBase64(Chart<?, ?> chart) {
    return Base64.getEncoder().encodeToString(png(chart));
  }

  /** SVG document of a chart (needs VectorGraphics2D, a declared dependency). */
  public static String svg(Chart<?, ?> chart) {
    ensureHeadless();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out,
          VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as SVG", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes a chart to a file; the format follows the extension (.png or .svg). */
  public static Path save(Chart<?, ?> chart, Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      if (name.endsWith(".png")) {
        Files.write(file, png(chart));
      } else if (name.endsWith(".svg")) {
        Files.writeString(file, svg(chart));
      } else {
        throw new IllegalArgumentException("chart file " + file
            + ": unknown extension (accepted: .png, .svg)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write chart to " + file, e);
    }
    return file;
  }

  private static void ensureHeadless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
