package org.ftlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Our DJL re-implementation against ONNX Runtime's own run of the very same .onnx file: an
 * independent implementation of the same graph. Hidden states of real tokens must agree to 1e-4
 * (max abs), pooled embeddings too.
 */
class OnnxReferenceTest {

    static final double TOL = 1e-4;

    static final List<String> SENTENCES = List.of(
            "A man is playing a guitar.",
            "Someone plays an acoustic guitar on stage while the crowd sings along loudly.",
            "The stock market fell sharply today.",
            "Hi!");
    static final List<String> FIRST = List.of(
            "A soccer game with multiple males playing.",
            "The cat sat on the mat.");
    static final List<String> SECOND = List.of(
            "Some men are playing a sport.",
            "Quantum chromodynamics describes the strong interaction between quarks and gluons.");

    @Test
    void miniLmMatchesOnnxRuntime() throws Exception {
        checkAgainstOrt("minilm", SENTENCES, FIRST, SECOND);
    }

    @Test
    void bgeMatchesOnnxRuntime() throws Exception {
        // 12 layers: fewer inputs keep this test short
        checkAgainstOrt("bge", SENTENCES.subList(0, 2), FIRST.subList(0, 1), SECOND.subList(0, 1));
    }

    private static void checkAgainstOrt(
            String model, List<String> singles, List<String> first, List<String> second)
            throws Exception {
        PretrainedModels.Spec spec = PretrainedModels.spec(model);
        byte[] onnx;
        try (InputStream in = PretrainedModels.class.getResourceAsStream(spec.onnx)) {
            onnx = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (NDManager manager = NDManager.newBaseManager();
                BertEncoder enc = PretrainedModels.load(model, manager);
                BertTokenizer tok = PretrainedModels.tokenizer(model, 64);
                OrtSession.SessionOptions opts = ortOptions();
                OrtSession session = env.createSession(onnx, opts)) {
            onnx = null;
            for (Tokenized batch : List.of(tok.encode(singles), tok.encodePairs(first, second))) {
                float[][][] ref = runOrt(env, session, batch);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray hidden = enc.forward(batch, scope);
                    assertArrayEquals(new long[] {batch.batchSize(), batch.length(), 384},
                            hidden.getShape().getShape(), "hidden shape");
                    float[] ours = hidden.toFloatArray();
                    double maxDiff = 0;
                    double maxPadDiff = 0;
                    int idx = 0;
                    for (int b = 0; b < ref.length; b++) {
                        for (int t = 0; t < ref[b].length; t++) {
                            for (float v : ref[b][t]) {
                                double d = Math.abs(v - ours[idx++]);
                                if (batch.mask()[b][t] == 1) {
                                    maxDiff = Math.max(maxDiff, d);
                                } else {
                                    maxPadDiff = Math.max(maxPadDiff, d);
                                }
                            }
                        }
                    }
                    System.out.printf("%s vs ONNX Runtime, batch %dx%d: max |diff| = %.3g on real"
                                    + " tokens, %.3g on padding%n",
                            enc.name(), batch.batchSize(), batch.length(), maxDiff, maxPadDiff);
                    assertTrue(maxDiff < TOL, enc.name() + ": max abs diff " + maxDiff
                            + " to ONNX Runtime on real tokens exceeds " + TOL);
                    // padded positions carry no meaning (nobody attends to them); they still
                    // follow the same arithmetic, so they are held to a 10x looser tolerance
                    assertTrue(maxPadDiff < 10 * TOL, enc.name() + ": max abs diff " + maxPadDiff
                            + " to ONNX Runtime on padded positions exceeds " + 10 * TOL);

                    // pooling against a plain-Java pooling of ORT's hidden states
                    float[] pooled = enc.pool(hidden, batch.toNDList(scope).get(1)).toFloatArray();
                    double maxPoolDiff = 0;
                    for (int b = 0; b < batch.batchSize(); b++) {
                        double[] expect = new double[384];
                        int n = batch.realLength(b);
                        for (int t = 0; t < (enc.pooling() == Pooling.CLS ? 1 : n); t++) {
                            for (int j = 0; j < 384; j++) {
                                expect[j] += ref[b][t][j]
                                        / (enc.pooling() == Pooling.CLS ? 1 : n);
                            }
                        }
                        for (int j = 0; j < 384; j++) {
                            maxPoolDiff = Math.max(maxPoolDiff,
                                    Math.abs(expect[j] - pooled[b * 384 + j]));
                        }
                    }
                    assertTrue(maxPoolDiff < TOL, enc.name() + " " + enc.pooling()
                            + " pooling: max abs diff " + maxPoolDiff + " exceeds " + TOL);
                }
            }
        }
    }

    /**
     * One ORT thread, no spin-waiting: on 2 cores ORT's default pool of spinning threads would
     * only compete with libtorch's threads in the shared test JVM.
     */
    static OrtSession.SessionOptions ortOptions() throws Exception {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(1);
        opts.setInterOpNumThreads(1);
        opts.addConfigEntry("session.intra_op.allow_spinning", "0");
        opts.addConfigEntry("session.inter_op.allow_spinning", "0");
        return opts;
    }

    static float[][][] runOrt(OrtEnvironment env, OrtSession session, Tokenized batch)
            throws Exception {
        try (OnnxTensor ids = OnnxTensor.createTensor(env, batch.ids());
                OnnxTensor mask = OnnxTensor.createTensor(env, batch.mask());
                OnnxTensor types = OnnxTensor.createTensor(env, batch.typeIds());
                OrtSession.Result r = session.run(Map.of(
                        "input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            assertEquals("last_hidden_state", session.getOutputNames().iterator().next(),
                    "ONNX output name");
            return (float[][][]) r.get(0).getValue();
        }
    }
}
