package org.ftlab.report;

import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A result of the library that knows how to show itself: a short summary (plain text and HTML)
 * and zero or more charts. Every Java kernel ftlab supports renders such an object inline when it
 * is a cell's value or passed to {@code display(...)}; see {@link MimeBundle}.
 */
public interface Displayable {
  /** One-line or short plain-text summary; also what {@code toString()} should return. */
  String summaryText();

  /** Short HTML summary (a small table of the key numbers); no {@code <html>} wrapper. */
  String summaryHtml();

  /** Charts that belong to this result, in display order; may be empty. */
  List<Chart<?, ?>> charts();
}
