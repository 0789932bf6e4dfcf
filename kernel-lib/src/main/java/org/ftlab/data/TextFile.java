package org.ftlab.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A UTF-8 text file split into lines, decoded strictly (malformed bytes are an error naming the line).
 * Lines end at {@code \n}; a trailing {@code \r} (CRLF files such as Hu &amp; Liu CR) is removed; a
 * final line without a newline still counts (CoLA out_of_domain_dev.tsv); the empty piece after a
 * final newline does not. A UTF-8 byte-order mark at the very start is removed (MRPC test file).
 */
final class TextFile {

    private final String name;
    private final List<String> lines;

    private TextFile(String name, List<String> lines) {
        this.name = name;
        this.lines = lines;
    }

    static TextFile decode(String name, byte[] bytes) {
        List<String> out = new ArrayList<>();
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            start = 3;
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNo = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNo++;
            int stop = end;
            if (stop > start && bytes[stop - 1] == '\r') {
                stop--;
            }
            try {
                out.add(decoder.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString());
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": not valid UTF-8");
            }
            start = end + 1;
        }
        return new TextFile(name, List.copyOf(out));
    }

    String name() {
        return name;
    }

    int lineCount() {
        return lines.size();
    }

    /** Line by 1-based number. */
    String line(int number) {
        return lines.get(number - 1);
    }

    IllegalArgumentException error(int line, String message) {
        return new IllegalArgumentException(name + ":" + line + ": " + message);
    }

    /** Text for a one-line message: tabs and newlines shown as escapes, cut at 80 characters. */
    static String show(String s) {
        String t = s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
