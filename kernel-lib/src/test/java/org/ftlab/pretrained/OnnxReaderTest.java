package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire-format reader on hand-encoded ModelProtos (every encoding variant the spec allows for
 * the fields used), on malformed input, and the MatMul-based weight recovery on the real MiniLM
 * file.
 */
class OnnxReaderTest {

    // ---- a tiny protobuf writer for tests (field numbers as in OnnxReader) ----

    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        body.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] rawFloats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    /** TensorProto with packed dims and raw_data. */
    static byte[] rawTensor(String name, long[] dims, float... data) throws IOException {
        return message(out -> {
            out.writeInt32(OnnxReader.TENSOR_DATA_TYPE, OnnxReader.FLOAT);
            byte[] packed = message(o -> {
                for (long d : dims) {
                    o.writeInt64NoTag(d);
                }
            });
            out.writeByteArray(OnnxReader.TENSOR_DIMS, packed);
            out.writeString(OnnxReader.TENSOR_NAME, name);
            out.writeString(12, "doc string, skipped");
            out.writeByteArray(OnnxReader.TENSOR_RAW_DATA, rawFloats(data));
        });
    }

    static byte[] node(String name, String op, List<String> in, List<String> outs)
            throws IOException {
        return message(out -> {
            for (String i : in) {
                out.writeString(OnnxReader.NODE_INPUT, i);
            }
            for (String o : outs) {
                out.writeString(OnnxReader.NODE_OUTPUT, o);
            }
            out.writeString(OnnxReader.NODE_NAME, name);
            out.writeString(OnnxReader.NODE_OP_TYPE, op);
            // an AttributeProto {name = 1, i = 3}, skipped by the reader
            out.writeByteArray(5, message(a -> {
                a.writeString(1, "axis");
                a.writeInt64(3, -1);
            }));
        });
    }

    static byte[] model(List<byte[]> nodes, List<byte[]> tensors) throws IOException {
        byte[] graph = message(g -> {
            g.writeString(2, "graph name, skipped");
            for (byte[] t : tensors) {
                g.writeByteArray(OnnxReader.GRAPH_INITIALIZER, t);
            }
            for (byte[] n : nodes) {
                g.writeByteArray(OnnxReader.GRAPH_NODE, n);
            }
        });
        return message(m -> {
            m.writeInt64(1, 8); // ir_version
            m.writeString(2, "pytorch"); // producer_name
            m.writeByteArray(8, message(o -> o.writeInt64(2, 11))); // opset_import {version}
            m.writeByteArray(OnnxReader.MODEL_GRAPH, graph);
        });
    }

    static OnnxReader.Model read(byte[] bytes) throws IOException {
        return OnnxReader.read(new ByteArrayInputStream(bytes), "test.onnx");
    }

    @Test
    void readsEveryEncodingOfDimsAndFloats() throws IOException {
        byte[] raw = rawTensor("a", new long[] {2, 3}, 1, 2, 3, 4, 5, -6.5f);
        byte[] unpacked = message(out -> { // unpacked dims and unpacked float_data
            out.writeString(OnnxReader.TENSOR_NAME, "b");
            out.writeInt64(OnnxReader.TENSOR_DIMS, 3);
            out.writeInt32(OnnxReader.TENSOR_DATA_TYPE, OnnxReader.FLOAT);
            out.writeFloat(OnnxReader.TENSOR_FLOAT_DATA, 0.5f);
            out.writeFloat(OnnxReader.TENSOR_FLOAT_DATA, -1f);
            out.writeFloat(OnnxReader.TENSOR_FLOAT_DATA, 1e-30f);
        });
        byte[] packed = message(out -> { // packed float_data
            out.writeString(OnnxReader.TENSOR_NAME, "c");
            out.writeInt64(OnnxReader.TENSOR_DIMS, 2);
            out.writeInt32(OnnxReader.TENSOR_DATA_TYPE, OnnxReader.FLOAT);
            out.writeByteArray(OnnxReader.TENSOR_FLOAT_DATA, rawFloats(7f, 8f));
        });
        byte[] int64 = message(out -> { // INT64 = 7: dims kept, data skipped
            out.writeString(OnnxReader.TENSOR_NAME, "ids");
            out.writeInt64(OnnxReader.TENSOR_DIMS, 1);
            out.writeInt64(OnnxReader.TENSOR_DIMS, 4);
            out.writeInt32(OnnxReader.TENSOR_DATA_TYPE, 7);
            out.writeByteArray(7, message(o -> {
                for (int i = 0; i < 4; i++) {
                    o.writeInt64NoTag(i);
                }
            }));
        });
        byte[] n = node("/layer/MatMul", "MatMul", List.of("x", "a"), List.of("y"));
        OnnxReader.Model m = read(model(List.of(n), List.of(raw, unpacked, packed, int64)));

        assertEquals(List.of("a", "b", "c", "ids"), new ArrayList<>(m.initializers().keySet()),
                "initializer names in file order");
        OnnxReader.Tensor a = m.initializers().get("a");
        assertArrayEquals(new long[] {2, 3}, a.dims(), "packed dims");
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -6.5f}, a.data(), "raw_data little-endian");
        assertArrayEquals(new float[] {0.5f, -1f, 1e-30f}, m.initializers().get("b").data(),
                "unpacked float_data");
        assertArrayEquals(new float[] {7f, 8f}, m.initializers().get("c").data(),
                "packed float_data");
        OnnxReader.Tensor ids = m.initializers().get("ids");
        assertArrayEquals(new long[] {1, 4}, ids.dims(), "unpacked dims");
        assertNull(ids.data(), "non-float data not decoded");
        assertEquals(new OnnxReader.Node("/layer/MatMul", "MatMul", List.of("x", "a"),
                List.of("y")), m.nodes().get(0), "node fields");
    }

    @Test
    void malformedInputIsRejectedNamingTheSource() throws IOException {
        byte[] good = model(List.of(), List.of(rawTensor("w", new long[] {2, 2}, 1, 2, 3, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Arrays.copyOf(good, good.length - 3)));
        assertTrue(e.getMessage().startsWith("test.onnx: not a well-formed"), e.getMessage());

        byte[] shortRaw = model(List.of(), List.of(rawTensor("w", new long[] {2, 3}, 1, 2, 3, 4)));
        e = assertThrows(IllegalArgumentException.class, () -> read(shortRaw));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("expected 24"),
                e.getMessage());

        byte[] noGraph = message(m -> m.writeInt64(1, 8));
        e = assertThrows(IllegalArgumentException.class, () -> read(noGraph));
        assertTrue(e.getMessage().contains("no graph"), e.getMessage());

        byte[] external = model(List.of(), List.of(message(out -> {
            out.writeString(OnnxReader.TENSOR_NAME, "ext");
            out.writeInt32(OnnxReader.TENSOR_DATA_TYPE, OnnxReader.FLOAT);
            out.writeEnum(OnnxReader.TENSOR_DATA_LOCATION, 1);
        })));
        e = assertThrows(IllegalArgumentException.class, () -> read(external));
        assertTrue(e.getMessage().contains("external"), e.getMessage());
    }

    @Test
    void missingOrMisshapenBertTensorsAreNamed() throws IOException {
        // a one-layer BERT with hidden 4 and FFN 8, with one tensor left out
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.word_embeddings.weight", new long[] {10, 4});
        shapes.put("embeddings.position_embeddings.weight", new long[] {6, 4});
        shapes.put("embeddings.token_type_embeddings.weight", new long[] {2, 4});
        shapes.put("embeddings.LayerNorm.weight", new long[] {4});
        shapes.put("embeddings.LayerNorm.bias", new long[] {4});
        for (String name : BertWeights.layerNames(0)) {
            if (name.endsWith(".weight") && !name.contains("LayerNorm")) {
                continue; // linear weights come through MatMul nodes below
            }
            shapes.put(name, new long[] {name.contains("intermediate") ? 8 : 4});
        }
        List<byte[]> tensors = new ArrayList<>();
        for (Map.Entry<String, long[]> s : shapes.entrySet()) {
            if (!s.getKey().equals("encoder.layer.0.output.LayerNorm.bias")) {
                int size = (int) Arrays.stream(s.getValue()).reduce(1, (x, y) -> x * y);
                tensors.add(rawTensor(s.getKey(), s.getValue(), new float[size]));
            }
        }
        List<byte[]> nodes = new ArrayList<>();
        int k = 0;
        for (String lin : BertWeights.LINEARS) {
            long in = lin.equals("output.dense") ? 8 : 4;
            long out = lin.equals("intermediate.dense") ? 8 : 4;
            float[] w = new float[(int) (in * out)];
            for (int i = 0; i < w.length; i++) {
                w[i] = i; // [in, out] row-major: w[i][j] = i * out + j
            }
            String init = "onnx::MatMul_" + (100 + k++);
            tensors.add(rawTensor(init, new long[] {in, out}, w));
            nodes.add(node("/encoder/layer.0/" + lin.replace('.', '/') + "/MatMul", "MatMul",
                    List.of("/prev", init), List.of("/next")));
        }
        OnnxReader.Model m = read(model(nodes, tensors));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BertWeights.fromOnnx(m, "tiny.onnx"));
        assertEquals("tiny.onnx: BERT tensor 'encoder.layer.0.output.LayerNorm.bias' not found"
                + " (neither as an initializer nor behind a named MatMul node)", e.getMessage());

        // complete it: the mapping works and transposes [in, out] to [out, in]
        tensors.add(rawTensor("encoder.layer.0.output.LayerNorm.bias", new long[] {4}, new float[4]));
        Map<String, OnnxReader.Tensor> w = BertWeights.fromOnnx(read(model(nodes, tensors)), "t");
        OnnxReader.Tensor inter = w.get("encoder.layer.0.intermediate.dense.weight");
        assertArrayEquals(new long[] {8, 4}, inter.dims(), "[out, in]");
        for (int o = 0; o < 8; o++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(i * 8 + o, inter.data()[o * 4 + i], "W[out=" + o + ", in=" + i + "]");
            }
        }
        BertConfig c = BertWeights.config(w, 2, "t");
        assertEquals(new BertConfig(10, 4, 1, 2, 8, 6, 2, 1e-12f), c, "config from shapes");
        e = assertThrows(IllegalArgumentException.class, () -> BertWeights.config(w, 3, "t"));
        assertTrue(e.getMessage().contains("numHeads 3"), e.getMessage());
    }

    @Test
    void miniLmLinearWeightsAreTheTransposedMatMulInitializers() throws IOException {
        OnnxReader.Model m;
        try (InputStream in = PretrainedModels.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            m = OnnxReader.read(new java.io.BufferedInputStream(in, 1 << 20), "minilm");
        }
        Map<String, OnnxReader.Tensor> w = BertWeights.fromOnnx(m, "minilm");
        assertEquals(5 + 6 * 16, w.size(), "tensor count");
        int checked = 0;
        for (OnnxReader.Node n : m.nodes()) {
            if (!n.opType().equals("MatMul") || !n.inputs().get(1).startsWith("onnx::MatMul_")) {
                continue;
            }
            // "/encoder/layer.3/attention/output/dense/MatMul" -> "encoder.layer.3.attention..."
            String bert = n.name().substring(1, n.name().length() - "/MatMul".length())
                    .replace('/', '.') + ".weight";
            OnnxReader.Tensor onnxW = m.initializers().get(n.inputs().get(1));
            OnnxReader.Tensor ours = w.get(bert);
            long in = onnxW.dims()[0];
            long out = onnxW.dims()[1];
            assertArrayEquals(new long[] {out, in}, ours.dims(), bert + " shape");
            for (int probe = 0; probe < 50; probe++) {
                int i = (int) ((probe * 7919L) % in);
                int j = (int) ((probe * 104729L) % out);
                assertEquals(onnxW.data()[(int) (i * out + j)], ours.data()[(int) (j * in + i)],
                        bert + "[" + j + ", " + i + "]");
            }
            checked++;
        }
        assertEquals(36, checked, "six linear weights in each of six layers");
    }
}
