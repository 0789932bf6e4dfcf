package org.ftlab.data;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SuperGLUE JSONL tasks: CB and WSC (paper 2, §4.1). One JSON object per line, parsed with Gson's
 * streaming reader in {@link Strictness#STRICT} mode; duplicate, missing or unexpected keys, wrong
 * value types and trailing text are errors naming the file and line.
 */
final class JsonlLoaders {

    private JsonlLoaders() {
    }

    static final String STAND_IN = "; stands in for test: SuperGLUE test labels are hidden (paper 2, §4.1 does the same)";

    // ---- CB --------------------------------------------------------------------------------------

    static final List<String> CB_LABELS = List.of("entailment", "contradiction", "neutral");

    static Dataset cb(Root root) {
        List<Example> train = cbFile(root, "CB/train.jsonl");
        List<Example> val = cbFile(root, "CB/val.jsonl");
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(train, false, "SuperGLUE CB train (CB/train.jsonl, 250)"));
        parts.put(Split.DEV, new Dataset.Part(val, false, "SuperGLUE CB val (CB/val.jsonl, 56)"));
        parts.put(Split.TEST, new Dataset.Part(val, true, "SuperGLUE CB val (56)" + STAND_IN));
        return Dataset.classification("cb", CB_LABELS, true, parts, List.of());
    }

    private static List<Example> cbFile(Root root, String rel) {
        TextFile f = root.read(rel, 0);
        List<Example> out = new ArrayList<>(f.lineCount());
        for (int n = 1; n <= f.lineCount(); n++) {
            Map<String, Object> o = object(f, n);
            keys(f, n, o, Set.of("premise", "hypothesis", "label", "idx"), "");
            String premise = Parse.text(f, n, string(f, n, o, "premise"), "premise");
            String hypothesis = Parse.text(f, n, string(f, n, o, "hypothesis"), "hypothesis");
            int y = Parse.label(f, n, string(f, n, o, "label"), CB_LABELS);
            integer(f, n, o, "idx");
            out.add(Example.classification(premise, hypothesis, y, rel, n));
        }
        return out;
    }

    // ---- WSC -------------------------------------------------------------------------------------

    static final List<String> WSC_LABELS = List.of("false", "true");

    /**
     * WSC as a sentence pair: text1 = the passage, text2 = {@code "<span2_text> refers to <span1_text>"}
     * (pronoun, then candidate referent); label true/false. The word indices of the spans are checked to
     * be non-negative integers but are not kept.
     */
    static Dataset wsc(Root root) {
        List<Example> train = wscFile(root, "WSC/train.jsonl");
        List<Example> val = wscFile(root, "WSC/val.jsonl");
        Map<Split, Dataset.Part> parts = new EnumMap<>(Split.class);
        parts.put(Split.TRAIN, new Dataset.Part(train, false, "SuperGLUE WSC train (WSC/train.jsonl, 554)"));
        parts.put(Split.DEV, new Dataset.Part(val, false, "SuperGLUE WSC val (WSC/val.jsonl, 104)"));
        parts.put(Split.TEST, new Dataset.Part(val, true, "SuperGLUE WSC val (104)" + STAND_IN));
        return Dataset.classification("wsc", WSC_LABELS, true, parts, List.of());
    }

    private static List<Example> wscFile(Root root, String rel) {
        TextFile f = root.read(rel, 0);
        List<Example> out = new ArrayList<>(f.lineCount());
        for (int n = 1; n <= f.lineCount(); n++) {
            Map<String, Object> o = object(f, n);
            keys(f, n, o, Set.of("text", "target", "idx", "label"), "");
            String text = Parse.text(f, n, string(f, n, o, "text"), "text");
            Object t = o.get("target");
            if (!(t instanceof Map)) {
                throw f.error(n, "\"target\" must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) t;
            keys(f, n, target, Set.of("span1_index", "span1_text", "span2_index", "span2_text"), "target.");
            String span1 = Parse.text(f, n, string(f, n, target, "span1_text"), "target.span1_text");
            String span2 = Parse.text(f, n, string(f, n, target, "span2_text"), "target.span2_text");
            for (String k : new String[] {"span1_index", "span2_index"}) {
                if (integer(f, n, target, k) < 0) {
                    throw f.error(n, "target." + k + " must be >= 0");
                }
            }
            integer(f, n, o, "idx");
            Object label = o.get("label");
            if (!(label instanceof Boolean)) {
                throw f.error(n, "unparsable label: \"label\" must be true or false");
            }
            out.add(Example.classification(text, span2 + " refers to " + span1, (Boolean) label ? 1 : 0, rel, n));
        }
        return out;
    }

    // ---- strict JSON -----------------------------------------------------------------------------

    /** Parses line n as one JSON object: values are String, Boolean, BigDecimal or nested Map. */
    static Map<String, Object> object(TextFile f, int n) {
        JsonReader r = new JsonReader(new StringReader(f.line(n)));
        r.setStrictness(Strictness.STRICT);
        try {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw f.error(n, "malformed JSON line: expected an object, found " + r.peek());
            }
            Map<String, Object> o = readObject(f, n, r);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw f.error(n, "malformed JSON line: text after the object");
            }
            return o;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw f.error(n, "malformed JSON line: " + oneLine(e.getMessage()));
        }
    }

    private static Map<String, Object> readObject(TextFile f, int n, JsonReader r) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            Object v;
            switch (r.peek()) {
                case STRING -> v = r.nextString();
                case NUMBER -> v = new BigDecimal(r.nextString());
                case BOOLEAN -> v = r.nextBoolean();
                case BEGIN_OBJECT -> v = readObject(f, n, r);
                default -> throw f.error(n, "unsupported JSON value for \"" + k + "\": " + r.peek());
            }
            if (o.put(k, v) != null) {
                throw f.error(n, "duplicate key \"" + k + "\"");
            }
        }
        r.endObject();
        return o;
    }

    private static void keys(TextFile f, int n, Map<String, Object> o, Set<String> expected, String prefix) {
        for (String k : expected) {
            if (!o.containsKey(k)) {
                throw f.error(n, "missing key \"" + prefix + k + "\"");
            }
        }
        for (String k : o.keySet()) {
            if (!expected.contains(k)) {
                throw f.error(n, "unexpected key \"" + prefix + k + "\"");
            }
        }
    }

    private static String string(TextFile f, int n, Map<String, Object> o, String k) {
        if (!(o.get(k) instanceof String s)) {
            throw f.error(n, "\"" + k + "\" must be a JSON string");
        }
        return s;
    }

    private static int integer(TextFile f, int n, Map<String, Object> o, String k) {
        if (!(o.get(k) instanceof BigDecimal d)) {
            throw f.error(n, "\"" + k + "\" must be a JSON number");
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw f.error(n, "\"" + k + "\" must be an integer, got " + d);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
