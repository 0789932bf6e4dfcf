package org.ftlab.pretrained;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the float32 initializers and the node list of an ONNX model by walking the protobuf wire
 * format with {@link CodedInputStream}, so that no copy of {@code onnx.proto} (and no generated
 * code) is needed.
 *
 * <p>Field numbers relied on, from the public ONNX IR specification {@code onnx/onnx.proto}
 * (github.com/onnx/onnx, unchanged since IR version 3):
 * <pre>
 * ModelProto   graph = 7 (GraphProto)
 * GraphProto   node = 1 (repeated NodeProto), initializer = 5 (repeated TensorProto)
 * NodeProto    input = 1, output = 2 (repeated string), name = 3, op_type = 4 (string)
 * TensorProto  dims = 1 (repeated int64, packed or not), data_type = 2 (int32, FLOAT = 1),
 *              float_data = 4 (repeated float, packed or not), name = 8 (string),
 *              raw_data = 9 (bytes, little-endian), data_location = 14 (EXTERNAL = 1)
 * </pre>
 * Every other field is skipped. Tensors of another data type than FLOAT are recorded with their
 * dims only (their data is not needed by BERT); tensors stored externally are rejected.
 */
final class OnnxReader {

    // ModelProto
    static final int MODEL_GRAPH = 7;
    // GraphProto
    static final int GRAPH_NODE = 1;
    static final int GRAPH_INITIALIZER = 5;
    // NodeProto
    static final int NODE_INPUT = 1;
    static final int NODE_OUTPUT = 2;
    static final int NODE_NAME = 3;
    static final int NODE_OP_TYPE = 4;
    // TensorProto
    static final int TENSOR_DIMS = 1;
    static final int TENSOR_DATA_TYPE = 2;
    static final int TENSOR_FLOAT_DATA = 4;
    static final int TENSOR_NAME = 8;
    static final int TENSOR_RAW_DATA = 9;
    static final int TENSOR_DATA_LOCATION = 14;
    /** TensorProto.DataType.FLOAT. */
    static final int FLOAT = 1;

    private OnnxReader() {}

    /** One initializer: name, shape and, for float32 tensors, the row-major data. */
    record Tensor(String name, int dataType, long[] dims, float[] data) {
        long size() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    /** One graph node: its name, operator and the names of its inputs and outputs. */
    record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    /** The parts of a ModelProto used here. */
    record Model(Map<String, Tensor> initializers, List<Node> nodes) {}

    /**
     * Parses a serialized ModelProto.
     *
     * @param in the model bytes (not closed here)
     * @param source a name for the stream used in error messages (e.g. the resource path)
     * @throws IllegalArgumentException if the bytes are not a well-formed ONNX model, naming
     *     {@code source} and the offending field
     */
    static Model read(InputStream in, String source) throws IOException {
        CodedInputStream cin = CodedInputStream.newInstance(in, 1 << 16);
        cin.setSizeLimit(Integer.MAX_VALUE);
        Map<String, Tensor> inits = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        boolean sawGraph = false;
        try {
            while (!cin.isAtEnd()) {
                int tag = cin.readTag();
                if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int old = cin.pushLimit(readLength(cin, source, "ModelProto.graph"));
                    readGraph(cin, source, inits, nodes);
                    cin.popLimit(old);
                    sawGraph = true;
                } else if (!cin.skipField(tag)) {
                    break; // end-group tag: not valid at top level, stop
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    source + ": not a well-formed ONNX ModelProto (" + e.getMessage() + ")", e);
        }
        if (!sawGraph) {
            throw new IllegalArgumentException(source + ": ModelProto has no graph (field 7)");
        }
        return new Model(Collections.unmodifiableMap(inits), Collections.unmodifiableList(nodes));
    }

    private static int readLength(CodedInputStream cin, String source, String what)
            throws IOException {
        int len = cin.readRawVarint32();
        if (len < 0) {
            throw new IllegalArgumentException(source + ": negative length for " + what);
        }
        return len;
    }

    private static void readGraph(
            CodedInputStream cin, String source, Map<String, Tensor> inits, List<Node> nodes)
            throws IOException {
        while (!cin.isAtEnd()) {
            int tag = cin.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            boolean delimited =
                    WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (field == GRAPH_NODE && delimited) {
                int old = cin.pushLimit(readLength(cin, source, "GraphProto.node"));
                nodes.add(readNode(cin));
                cin.popLimit(old);
            } else if (field == GRAPH_INITIALIZER && delimited) {
                int old = cin.pushLimit(readLength(cin, source, "GraphProto.initializer"));
                Tensor t = readTensor(cin, source);
                cin.popLimit(old);
                if (inits.put(t.name(), t) != null) {
                    throw new IllegalArgumentException(
                            source + ": duplicate initializer name '" + t.name() + "'");
                }
            } else {
                cin.skipField(tag);
            }
        }
    }

    private static Node readNode(CodedInputStream cin) throws IOException {
        String name = "";
        String op = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (!cin.isAtEnd()) {
            int tag = cin.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case NODE_INPUT -> inputs.add(cin.readString());
                case NODE_OUTPUT -> outputs.add(cin.readString());
                case NODE_NAME -> name = cin.readString();
                case NODE_OP_TYPE -> op = cin.readString();
                default -> cin.skipField(tag);
            }
        }
        return new Node(name, op, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static Tensor readTensor(CodedInputStream cin, String source) throws IOException {
        String name = "";
        int dataType = 0;
        List<Long> dims = new ArrayList<>();
        byte[] raw = null;
        float[] floats = new float[0];
        int nFloats = 0;
        while (!cin.isAtEnd()) {
            int tag = cin.readTag();
            int wire = WireFormat.getTagWireType(tag);
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TENSOR_DIMS -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) { // packed
                        int old = cin.pushLimit(readLength(cin, source, "TensorProto.dims"));
                        while (!cin.isAtEnd()) {
                            dims.add(cin.readInt64());
                        }
                        cin.popLimit(old);
                    } else {
                        dims.add(cin.readInt64());
                    }
                }
                case TENSOR_DATA_TYPE -> dataType = cin.readInt32();
                case TENSOR_NAME -> name = cin.readString();
                case TENSOR_RAW_DATA -> raw = cin.readByteArray();
                case TENSOR_FLOAT_DATA -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) { // packed
                        int len = readLength(cin, source, "TensorProto.float_data");
                        if (len % 4 != 0) {
                            throw new IllegalArgumentException(source + ": tensor '" + name
                                    + "': packed float_data length " + len + " not a multiple of 4");
                        }
                        floats = grow(floats, nFloats + len / 4);
                        int old = cin.pushLimit(len);
                        while (!cin.isAtEnd()) {
                            floats[nFloats++] = cin.readFloat();
                        }
                        cin.popLimit(old);
                    } else {
                        floats = grow(floats, nFloats + 1);
                        floats[nFloats++] = cin.readFloat();
                    }
                }
                case TENSOR_DATA_LOCATION -> {
                    if (cin.readEnum() == 1) {
                        throw new IllegalArgumentException(source + ": tensor '" + name
                                + "' is stored in an external file (data_location=EXTERNAL),"
                                + " which is not supported");
                    }
                }
                default -> cin.skipField(tag);
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        source + ": tensor '" + name + "' has negative dim " + Arrays.toString(shape));
            }
        }
        if (dataType != FLOAT) {
            return new Tensor(name, dataType, shape, null);
        }
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        float[] data;
        if (raw != null) {
            if (raw.length != size * 4) {
                throw new IllegalArgumentException(source + ": tensor '" + name + "' of shape "
                        + Arrays.toString(shape) + " has " + raw.length + " raw bytes, expected "
                        + size * 4);
            }
            data = new float[(int) size];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else {
            if (nFloats != size) {
                throw new IllegalArgumentException(source + ": tensor '" + name + "' of shape "
                        + Arrays.toString(shape) + " has " + nFloats + " float_data values, expected "
                        + size);
            }
            data = nFloats == floats.length ? floats : Arrays.copyOf(floats, nFloats);
        }
        return new Tensor(name, dataType, shape, data);
    }

    private static float[] grow(float[] a, int needed) {
        if (needed <= a.length) {
            return a;
        }
        return Arrays.copyOf(a, Math.max(needed, Math.max(16, a.length * 2)));
    }
}
