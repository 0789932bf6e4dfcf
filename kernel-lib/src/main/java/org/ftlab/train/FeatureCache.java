package org.ftlab.train;

import ai.djl.ndarray.NDManager;

import org.ftlab.data.Example;
import org.ftlab.model.Autograd;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Features of a frozen encoder, computed once and reused.
 *
 * <p><b>Shared store</b> (static, public): the pooled features of the examples of one split of a
 * dataset, keyed by {@link Key} (model, dataset, split, max length, variant and the split file's
 * SHA-256 from {@code datasets/MANIFEST}), kept in memory for the JVM and, when a directory is
 * given, on disk. {@link org.ftlab.stability.GlueStability} HEAD mode uses it, so every seed and
 * method of a notebook (and, with a directory, every later run) encodes each example once. Only
 * features of the unchanged pretrained encoder belong here: methods that change the encoder or its
 * input (SURT's re-trained encoder, LNSR noise on embeddings in FULL mode) must encode themselves.
 *
 * <p>On disk, one file per key, {@code <dir>/features/<model>-<dataset>-<split>-len<L>-<variant>-
 * <sha12>.f32}, little-endian: magic {@code "FTLF"}, int32 version (2; version-1 files held
 * features encoded in batches and are rebuilt), int32 length and UTF-8 bytes
 * of the key's text, int32 row count m, int32 dimension d, m int32 row indices (positions in the
 * split), m·d float32 features, int64 CRC32 of everything before it. A file that is truncated, fails
 * its CRC, or holds another key is <b>rebuilt</b>: a one-line warning naming the file and the
 * reason goes to stderr, the missing features are encoded again and the file is rewritten
 * (atomically, through a temporary file). An unwritable directory is a warning, not an error.
 * The key does not name the CPU: features written on one machine (or under another
 * {@code ATEN_CPU_CAPABILITY}) can differ in the last bits from those this machine would compute.
 *
 * <p><b>Per-encoder cache</b> (package-private instances): pooled features of the frozen encoder at
 * one layer, computed once per example and reused: the linear probe of paper 1, Remark 5.1 only ever
 * sees these vectors, so every training-set size and seed of a learning curve can share them.
 *
 * <p><b>Each example is encoded alone</b> ({@link #encodeAlone}: a batch of one, its own token
 * count, no padding), with gradients off. Its features are then a function of the example, the
 * encoder, the layer and the tokenizer's maximum length only, not of which other examples were
 * missing from the cache when it was encoded: a cached run gives <em>exactly</em> the numbers of an
 * uncached one by construction. (Padding is masked out of attention and pooling, but float32
 * matmul results can still depend on the batch shape: under PyTorch's AVX-512 dispatch a sentence
 * encoded in a batch of 32 and alone differed by up to 7e-7, in the last bits of 35 of 256 STS-B
 * rows; 1 and 2 intra-op threads gave identical features.) One at a time is also the faster way
 * here (no padding, small attention tensors): MiniLM at 64 tokens, one intra-op thread, 3 runs
 * interleaved on the 2-core EPYC at load 8-12: 256 RTE pairs 15-19 s alone against 47-51 s in
 * length-sorted batches of 32; 256 STS-B pairs 3.7-12 s against 8.3-14 s. The shared store's
 * encoder ({@link org.ftlab.stability.GlueStability}) also encodes alone.
 */
public final class FeatureCache {
    private final BertEncoder encoder;
    private final BertTokenizer tokenizer;
    private final int layer;
    private final boolean siamese;
    private final NDManager root;
    private final Map<Example, float[]> features = new HashMap<>();
    private long encoded;

    FeatureCache(BertEncoder encoder, BertTokenizer tokenizer, int layer, boolean siamese, NDManager root) {
        if (layer < 0 || layer > encoder.numLayers()) {
            throw new IllegalArgumentException("layer: " + layer + " is not in [0, " + encoder.numLayers() + "]");
        }
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.layer = layer;
        this.siamese = siamese;
        this.root = root;
    }

    BertEncoder encoder() {
        return encoder;
    }

    int layer() {
        return layer;
    }

    /** Whether pairs get {@link EncoderFineTuner.Features#SIAMESE} features. */
    boolean siamese() {
        return siamese;
    }

    /** Examples encoded so far (each once). */
    long encodedCount() {
        return encoded;
    }

    /** Features of each example, in order; encodes the ones not seen before. Rows are shared arrays. */
    float[][] features(List<Example> examples) {
        List<Example> missing = new ArrayList<>();
        java.util.Set<Example> queued = new java.util.HashSet<>();
        for (Example e : examples) {
            if (!features.containsKey(e) && queued.add(e)) {
                missing.add(e);
            }
        }
        encode(missing);
        float[][] out = new float[examples.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = features.get(examples.get(i));
        }
        return out;
    }

    /**
     * Pooled features of one example encoded alone (a batch of one, no padding) at {@code layer},
     * gradients off: the same float32 operations on the same shapes whoever asks, so the result is
     * bit-identical on a given machine. SIAMESE pairs: {@code [u ⊙ v, |u − v|]} of the two
     * sentences, each encoded alone.
     */
    static float[] encodeAlone(Example e, BertEncoder encoder, BertTokenizer tokenizer, int layer,
            boolean siamese, NDManager scope) {
        return Autograd.noGrad(() -> {
            if (siamese && e.isPair()) {
                float[] u = encoder.embed(tokenizer.encode(List.of(e.text1())), scope, layer).toFloatArray();
                float[] v = encoder.embed(tokenizer.encode(List.of(e.text2())), scope, layer).toFloatArray();
                int d = u.length;
                float[] f = new float[2 * d];
                for (int k = 0; k < d; k++) {
                    f[k] = u[k] * v[k];
                    f[d + k] = Math.abs(u[k] - v[k]);
                }
                return f;
            }
            return encoder.embed(EncoderFineTuner.tokenize(List.of(e), new int[] {0}, tokenizer), scope, layer)
                    .toFloatArray();
        });
    }

    private void encode(List<Example> ex) {
        if (siamese) {
            for (Example e : ex) {
                if (e.isPair() != ex.get(0).isPair()) {
                    throw new IllegalArgumentException("examples: SIAMESE features need all pairs or all single "
                            + "sentences; " + e.where() + (e.isPair() ? " is a pair, " : " is single, ")
                            + ex.get(0).where() + " is not");
                }
            }
        }
        for (Example e : ex) {
            try (NDManager scope = root.newSubManager()) {
                features.put(e, encodeAlone(e, encoder, tokenizer, layer, siamese, scope));
            }
            encoded++;
        }
    }

    // ---- shared store --------------------------------------------------------------------------

    /** Environment variable naming the on-disk cache directory. */
    public static final String DIRECTORY_VARIABLE = "FTLAB_CACHE";

    private static final int MAGIC = 0x464C5446; // "FTLF" read as a little-endian int
    private static final int VERSION = 2; // 2: every row encoded alone
    private static final long MEMORY_ROWS = 120_000;
    private static final Map<Key, float[][]> STORE = new HashMap<>();
    private static final Map<String, String> SHA = new HashMap<>();

    /**
     * What a stored feature matrix is the features of.
     *
     * @param model encoder name (e.g. "minilm")
     * @param dataset dataset name (e.g. "rte")
     * @param split split name ("train", "dev", ...)
     * @param maxLength most tokens per example
     * @param variant how the features are made (e.g. "pooled" for the mean/CLS-pooled last layer)
     * @param sha256 checksum of the split's file from {@code datasets/MANIFEST} (or of its content)
     * @param rows examples in the split
     */
    public record Key(String model, String dataset, String split, int maxLength, String variant,
            String sha256, int rows) {
        /** The key as one line of text (stored in the file header). */
        public String text() {
            return "model=" + model + ";dataset=" + dataset + ";split=" + split + ";maxLength=" + maxLength
                    + ";variant=" + variant + ";sha256=" + sha256 + ";rows=" + rows;
        }

        String fileName() {
            String s = (model + "-" + dataset + "-" + split + "-len" + maxLength + "-" + variant)
                    .replaceAll("[^A-Za-z0-9._-]", "_");
            return s + "-" + sha256.substring(0, Math.min(12, sha256.length())) + ".f32";
        }
    }

    /**
     * The key of a split whose examples were loaded from {@code datasets/}: the SHA-256 of their
     * source file is read from the MANIFEST of {@link org.ftlab.data.Datasets#defaultRoot()}; when
     * the split has several source files or they are not listed there, the SHA-256 of the split's
     * content (texts, labels, sources and lines) is used instead.
     */
    public static Key key(String model, String dataset, String split, int maxLength, String variant,
            List<Example> examples) {
        java.util.Set<String> sources = new java.util.TreeSet<>();
        for (Example e : examples) {
            sources.add(e.source());
        }
        String sha = sources.size() == 1 ? manifestSha(sources.iterator().next()) : null;
        if (sha == null) {
            sha = contentSha(examples);
        }
        return new Key(model, dataset, split, maxLength, variant, sha, examples.size());
    }

    /** {@code $FTLAB_CACHE} as a path, or null when it is unset or blank (memory only). */
    public static java.nio.file.Path defaultDirectory() {
        String v = System.getenv(DIRECTORY_VARIABLE);
        return v == null || v.isBlank() ? null : java.nio.file.Path.of(v);
    }

    /** Forgets every feature held in memory by the shared store (files stay). */
    public static synchronized void clearMemory() {
        STORE.clear();
    }

    /**
     * Features of some examples of one split: from memory, else from {@code dir}'s file, else
     * computed by {@code encoder} (called once, with the missing examples in split order) and
     * stored in memory and, when {@code dir} is not null, on disk.
     *
     * @param key the split's key ({@link #key})
     * @param split every example of the split, in order (a row's index is its position here)
     * @param wanted the examples needed, each an element of {@code split}
     * @param encoder features of a list of examples, one row each
     * @param dir on-disk cache directory, or null
     * @return rows in the order of {@code wanted} (shared arrays: do not modify)
     * @throws IllegalArgumentException if an example is not in the split or the encoder returns
     *     rows of another count
     */
    public static float[][] features(Key key, List<Example> split, List<Example> wanted,
            java.util.function.Function<List<Example>, float[][]> encoder, java.nio.file.Path dir) {
        if (split.size() != key.rows()) {
            throw new IllegalArgumentException("split: " + split.size() + " examples, key says " + key.rows());
        }
        Map<Example, Integer> index = new HashMap<>();
        for (int i = 0; i < split.size(); i++) {
            index.putIfAbsent(split.get(i), i);
        }
        int[] rows = new int[wanted.size()];
        for (int i = 0; i < rows.length; i++) {
            Integer r = index.get(wanted.get(i));
            if (r == null) {
                throw new IllegalArgumentException("wanted: " + wanted.get(i).where() + " is not in the "
                        + key.split() + " split of " + key.dataset());
            }
            rows[i] = r;
        }
        float[][] all;
        synchronized (FeatureCache.class) {
            all = STORE.get(key);
            if (all == null) {
                long held = STORE.values().stream().mapToLong(a -> a.length).sum();
                if (held + split.size() > MEMORY_ROWS) {
                    STORE.clear();
                }
                all = dir == null ? new float[split.size()][] : read(file(dir, key), key);
                STORE.put(key, all);
            }
        }
        java.util.TreeSet<Integer> missing = new java.util.TreeSet<>();
        synchronized (FeatureCache.class) {
            for (int r : rows) {
                if (all[r] == null) {
                    missing.add(r);
                }
            }
        }
        if (missing.isEmpty() && dir != null && !java.nio.file.Files.isRegularFile(file(dir, key))) {
            synchronized (FeatureCache.class) {
                write(file(dir, key), key, all); // rows held in memory from a run without this directory
            }
        }
        if (!missing.isEmpty()) {
            List<Example> ex = new ArrayList<>();
            for (int r : missing) {
                ex.add(split.get(r));
            }
            float[][] f = encoder.apply(ex);
            if (f.length != ex.size()) {
                throw new IllegalArgumentException("encoder: returned " + f.length + " rows for "
                        + ex.size() + " examples");
            }
            synchronized (FeatureCache.class) {
                int k = 0;
                for (int r : missing) {
                    all[r] = f[k++];
                }
                if (dir != null) {
                    write(file(dir, key), key, all);
                }
            }
        }
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = all[rows[i]];
        }
        return out;
    }

    static java.nio.file.Path file(java.nio.file.Path dir, Key key) {
        return dir.resolve("features").resolve(key.fileName());
    }

    /** The stored rows of a file (null rows: not stored); an unusable file is reported and ignored. */
    static float[][] read(java.nio.file.Path file, Key key) {
        float[][] all = new float[key.rows()][];
        if (!java.nio.file.Files.isRegularFile(file)) {
            return all;
        }
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (bytes.length < 8 + 8 || bb.getInt() != MAGIC) {
                return rebuild(file, "not a feature cache file (bad magic)", key);
            }
            int version = bb.getInt();
            if (version != VERSION) {
                return rebuild(file, "version " + version + ", expected " + VERSION, key);
            }
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes, 0, bytes.length - 8);
            long stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            if (crc.getValue() != stored) {
                return rebuild(file, "CRC32 mismatch (truncated or corrupt)", key);
            }
            int hl = bb.getInt();
            if (hl < 0 || hl > bb.remaining()) {
                return rebuild(file, "bad header length " + hl, key);
            }
            byte[] h = new byte[hl];
            bb.get(h);
            String header = new String(h, java.nio.charset.StandardCharsets.UTF_8);
            if (!header.equals(key.text())) {
                return rebuild(file, "holds '" + header + "', expected '" + key.text() + "'", key);
            }
            int m = bb.getInt();
            int d = bb.getInt();
            if (m < 0 || m > key.rows() || d < 1 || (long) m * (4L + 4L * d) + 8 != bb.remaining()) {
                return rebuild(file, "size does not match " + m + " rows of dimension " + d, key);
            }
            int[] idx = new int[m];
            for (int i = 0; i < m; i++) {
                idx[i] = bb.getInt();
                if (idx[i] < 0 || idx[i] >= key.rows()) {
                    return rebuild(file, "row index " + idx[i] + " outside [0, " + key.rows() + ")", key);
                }
            }
            for (int i = 0; i < m; i++) {
                float[] f = new float[d];
                bb.asFloatBuffer().get(f);
                bb.position(bb.position() + 4 * d);
                all[idx[i]] = f;
            }
            return all;
        } catch (java.io.IOException e) {
            return rebuild(file, "unreadable (" + e.getMessage() + ")", key);
        }
    }

    private static float[][] rebuild(java.nio.file.Path file, String why, Key key) {
        System.err.println("feature cache: " + file + ": " + why + "; rebuilding it");
        return new float[key.rows()][];
    }

    /** Writes the stored rows atomically; failures are a one-line warning. */
    static void write(java.nio.file.Path file, Key key, float[][] all) {
        int m = 0;
        int d = 0;
        for (float[] f : all) {
            if (f != null) {
                m++;
                d = f.length;
            }
        }
        byte[] h = key.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 + 4 + 4 + h.length + 8 + m * (4 + 4 * d) + 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putInt(MAGIC).putInt(VERSION).putInt(h.length).put(h).putInt(m).putInt(d);
        for (int i = 0; i < all.length; i++) {
            if (all[i] != null) {
                bb.putInt(i);
            }
        }
        for (float[] f : all) {
            if (f != null) {
                for (float v : f) {
                    bb.putFloat(v);
                }
            }
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bb.array(), 0, bb.position());
        bb.putLong(crc.getValue());
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Path tmp = java.nio.file.Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            java.nio.file.Files.write(tmp, bb.array());
            try {
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                // e.g. a file system without atomic rename: a plain replace (the CRC catches a torn file)
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            System.err.println("feature cache: " + file + ": not written (" + e + ")");
        }
    }

    private static synchronized String manifestSha(String source) {
        if (SHA.isEmpty()) {
            try {
                java.nio.file.Path m = org.ftlab.data.Datasets.defaultRoot().resolve("MANIFEST");
                for (String line : java.nio.file.Files.readAllLines(m)) {
                    String[] c = line.split("\t");
                    if (c.length >= 2 && c[1].matches("[0-9a-f]{64}")) {
                        SHA.put(c[0], c[1]);
                    }
                }
            } catch (java.io.IOException | IllegalStateException e) {
                SHA.put("", "");
            }
        }
        return SHA.get(source);
    }

    private static String contentSha(List<Example> examples) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Example e : examples) {
                md.update((e.text1() + "\u0000" + e.text2() + "\u0000" + e.label() + "\u0000" + e.score()
                        + "\u0000" + e.source() + ":" + e.line() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
