package org.ftlab.data;

/**
 * A source line that a loader did not turn into an example as-is: either skipped on purpose
 * ({@code skipped == true}: blank lines in SentEval CR, review titles and sentences without a net
 * opinion in Hu &amp; Liu CR) or read after repairing a documented irregularity of the source
 * ({@code skipped == false}, e.g. a Hu &amp; Liu opinion mark {@code [-3[p]} missing its bracket).
 * Loaders never drop a line without recording it here; everything else is an error.
 *
 * @param source file, relative to the datasets root
 * @param line   1-based line number
 * @param skipped true if no example was made from the line
 * @param reason one-line explanation
 */
public record LineNote(String source, int line, boolean skipped, String reason) {

    @Override
    public String toString() {
        return source + ":" + line + (skipped ? " skipped: " : " repaired: ") + reason;
    }
}
