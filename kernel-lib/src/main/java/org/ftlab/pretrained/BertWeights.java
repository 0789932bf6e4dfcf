package org.ftlab.pretrained;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers the HuggingFace {@code BertModel} state dict (without pooler) from the initializers of
 * an ONNX export.
 *
 * <p>Embeddings, biases and LayerNorms keep their BERT names in the export. The six linear
 * weights of each layer are renamed {@code onnx::MatMul_NNN} and stored as {@code [in, out]}; the
 * MatMul node that consumes each one keeps its module path (e.g.
 * {@code /encoder/layer.0/attention/self/query/MatMul}), which gives back the BERT name. They are
 * transposed here to BERT's {@code [out, in]} convention ({@code torch.nn.Linear.weight}), so that
 * names and shapes of {@link BertEncoder#parameters()} equal those of the original checkpoint.
 */
final class BertWeights {

    /** Module paths of the six linear maps of a layer, in checkpoint order. */
    static final List<String> LINEARS = List.of(
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense",
            "intermediate.dense",
            "output.dense");

    private static final Pattern MATMUL = Pattern.compile(
            "/encoder/layer\\.(\\d+)/(attention/self/query|attention/self/key|attention/self/value"
                    + "|attention/output/dense|intermediate/dense|output/dense)/MatMul");
    private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\..*");

    private BertWeights() {}

    /** Checkpoint order of the names of one layer. */
    static List<String> layerNames(int layer) {
        String p = "encoder.layer." + layer + ".";
        List<String> names = new ArrayList<>();
        for (String lin : LINEARS.subList(0, 4)) {
            names.add(p + lin + ".weight");
            names.add(p + lin + ".bias");
        }
        // attention.output.LayerNorm sits between attention.output.dense and intermediate.dense
        names.add(p + "attention.output.LayerNorm.weight");
        names.add(p + "attention.output.LayerNorm.bias");
        for (String lin : LINEARS.subList(4, 6)) {
            names.add(p + lin + ".weight");
            names.add(p + lin + ".bias");
        }
        names.add(p + "output.LayerNorm.weight");
        names.add(p + "output.LayerNorm.bias");
        return names;
    }

    static List<String> embeddingNames() {
        return List.of(
                "embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight",
                "embeddings.LayerNorm.bias");
    }

    /**
     * Returns the BERT-named float tensors in checkpoint order, linear weights as {@code [out, in]}.
     *
     * @throws IllegalArgumentException naming {@code source} and the tensor if one is missing
     */
    static Map<String, OnnxReader.Tensor> fromOnnx(OnnxReader.Model model, String source) {
        Map<String, OnnxReader.Tensor> byName = new HashMap<>();
        int numLayers = 0;
        for (OnnxReader.Tensor t : model.initializers().values()) {
            if (t.data() == null) {
                continue; // non-float buffers such as embeddings.position_ids
            }
            byName.put(t.name(), t);
            Matcher m = LAYER.matcher(t.name());
            if (m.matches()) {
                numLayers = Math.max(numLayers, Integer.parseInt(m.group(1)) + 1);
            }
        }
        for (OnnxReader.Node node : model.nodes()) {
            if (!"MatMul".equals(node.opType())) {
                continue;
            }
            Matcher m = MATMUL.matcher(node.name());
            if (!m.matches()) {
                continue;
            }
            String bertName = "encoder.layer." + m.group(1) + "." + m.group(2).replace('/', '.')
                    + ".weight";
            OnnxReader.Tensor w = null;
            for (String in : node.inputs()) {
                OnnxReader.Tensor t = byName.get(in);
                if (t != null && t.dims().length == 2) {
                    w = t;
                }
            }
            if (w == null) {
                throw new IllegalArgumentException(source + ": MatMul node '" + node.name()
                        + "' has no 2-D float initializer among its inputs " + node.inputs());
            }
            if (byName.put(bertName, transpose(w, bertName)) != null) {
                throw new IllegalArgumentException(
                        source + ": two MatMul nodes map to '" + bertName + "'");
            }
        }
        List<String> order = new ArrayList<>(embeddingNames());
        for (int l = 0; l < numLayers; l++) {
            order.addAll(layerNames(l));
        }
        Map<String, OnnxReader.Tensor> out = new LinkedHashMap<>();
        for (String name : order) {
            OnnxReader.Tensor t = byName.get(name);
            if (t == null) {
                throw new IllegalArgumentException(source + ": BERT tensor '" + name
                        + "' not found (neither as an initializer nor behind a named MatMul node)");
            }
            out.put(name, t);
        }
        return out;
    }

    /**
     * Reads the configuration off the tensor shapes and checks every shape against it.
     *
     * @throws IllegalArgumentException naming {@code source} and the first tensor whose shape
     *     does not fit
     */
    static BertConfig config(Map<String, OnnxReader.Tensor> w, int numHeads, String source) {
        long[] word = w.get("embeddings.word_embeddings.weight").dims();
        long[] pos = w.get("embeddings.position_embeddings.weight").dims();
        long[] type = w.get("embeddings.token_type_embeddings.weight").dims();
        if (word.length != 2 || pos.length != 2 || type.length != 2) {
            throw new IllegalArgumentException(source + ": embedding tables must be 2-D");
        }
        int hidden = (int) word[1];
        int numLayers = (w.size() - embeddingNames().size()) / layerNames(0).size();
        int inter = numLayers == 0
                ? 0 : (int) w.get("encoder.layer.0.intermediate.dense.bias").dims()[0];
        BertConfig c = new BertConfig((int) word[0], hidden, numLayers, numHeads, inter,
                (int) pos[0], (int) type[0], 1e-12f);
        expect(w, "embeddings.position_embeddings.weight", source, c.maxPositions(), hidden);
        expect(w, "embeddings.token_type_embeddings.weight", source, c.typeVocabSize(), hidden);
        expect(w, "embeddings.LayerNorm.weight", source, hidden);
        expect(w, "embeddings.LayerNorm.bias", source, hidden);
        for (int l = 0; l < numLayers; l++) {
            String p = "encoder.layer." + l + ".";
            for (String lin : LINEARS.subList(0, 4)) {
                expect(w, p + lin + ".weight", source, hidden, hidden);
                expect(w, p + lin + ".bias", source, hidden);
            }
            expect(w, p + "intermediate.dense.weight", source, inter, hidden);
            expect(w, p + "intermediate.dense.bias", source, inter);
            expect(w, p + "output.dense.weight", source, hidden, inter);
            expect(w, p + "output.dense.bias", source, hidden);
            for (String ln : List.of("attention.output.LayerNorm", "output.LayerNorm")) {
                expect(w, p + ln + ".weight", source, hidden);
                expect(w, p + ln + ".bias", source, hidden);
            }
        }
        return c;
    }

    private static void expect(
            Map<String, OnnxReader.Tensor> w, String name, String source, long... shape) {
        long[] dims = w.get(name).dims();
        if (!Arrays.equals(dims, shape)) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' has shape "
                    + Arrays.toString(dims) + ", expected " + Arrays.toString(shape));
        }
    }

    /** [in, out] to [out, in]. */
    static OnnxReader.Tensor transpose(OnnxReader.Tensor t, String newName) {
        int rows = (int) t.dims()[0];
        int cols = (int) t.dims()[1];
        float[] a = t.data();
        float[] b = new float[a.length];
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                b[j * rows + i] = a[base + j];
            }
        }
        return new OnnxReader.Tensor(newName, t.dataType(), new long[] {cols, rows}, b);
    }
}
