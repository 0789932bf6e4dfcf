package org.ftlab.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.ftlab.model.DifferentiableModel;
import org.ftlab.model.NamedParameter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The pretrained encoder with a scalar head, {@code f_PT(x) = w · pool(BERT(x)) + b}, as a
 * {@link DifferentiableModel}: the network whose empirical NTK paper 1 (Sun &amp; Raskutti,
 * §7.1 and eq. (14), (18)) computes on 100 samples per task to estimate the decay exponent β of
 * eq. (29).
 *
 * <p><b>Input layout.</b> {@link #forward} takes {@code x} of shape {@code [N, 3, T]} (any
 * integer type): {@code x[:, 0, :]} token ids, {@code x[:, 1, :]} attention mask (1 real, 0
 * padding), {@code x[:, 2, :]} token type ids; {@link #pack} builds it from a {@link Tokenized}
 * batch. Padding columns that are padding in every row are cut off before the encoder runs (the
 * mask gives them exactly zero attention and zero pooling weight, so the output is the same up to
 * float32 round-off of the other shape, and a single padded sample costs only its real length).
 *
 * <p><b>Head.</b> {@code w ∈ R^d} drawn from {@code N(0, 1/d)} with {@code java.util.Random(seed)},
 * {@code b = 0} (like a freshly initialised {@code nn.Linear(d, 1)}, but Gaussian and seeded);
 * named {@code head.weight} and {@code head.bias}. Pooling is the model's own: mean over real
 * tokens for MiniLM, {@code [CLS]} for BGE.
 *
 * <p><b>Parameters.</b> {@link #parameters()} lists the encoder's parameters under their BERT
 * checkpoint names (embeddings, layer 0, 1, ...) then the head. Parameter subsets for the NTK:
 * {@link #headOnly()}, {@link #lastLayers(int)} (head + the last k transformer layers) and
 * {@link #all()}. The head arrays live in a sub-manager freed by {@link #close()}; the encoder is
 * not closed (its owner closes it).
 */
public final class ScalarHeadModel implements DifferentiableModel, AutoCloseable {

    /** Name of the head weight vector. */
    public static final String HEAD_WEIGHT = "head.weight";
    /** Name of the head bias. */
    public static final String HEAD_BIAS = "head.bias";

    private final BertEncoder encoder;
    private final NDManager headManager;
    private final NDArray weight;
    private final NDArray bias;
    private final List<NamedParameter> parameters;
    private final long seed;

    private ScalarHeadModel(BertEncoder encoder, long seed, NDManager manager) {
        this.encoder = encoder;
        this.seed = seed;
        this.headManager = manager.newSubManager();
        int d = encoder.hiddenSize();
        Random r = new Random(seed);
        float[] w = new float[d];
        double sd = 1.0 / Math.sqrt(d);
        for (int i = 0; i < d; i++) {
            w[i] = (float) (r.nextGaussian() * sd);
        }
        weight = headManager.create(w);
        weight.setName(HEAD_WEIGHT);
        weight.setRequiresGradient(true);
        bias = headManager.create(new float[] {0f});
        bias.setName(HEAD_BIAS);
        bias.setRequiresGradient(true);
        List<NamedParameter> ps = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : encoder.parameters().entrySet()) {
            ps.add(new NamedParameter(e.getKey(), e.getValue()));
        }
        ps.add(new NamedParameter(HEAD_WEIGHT, weight));
        ps.add(new NamedParameter(HEAD_BIAS, bias));
        this.parameters = Collections.unmodifiableList(ps);
    }

    /**
     * Puts a seeded Gaussian scalar head on {@code encoder}.
     *
     * @param encoder a loaded encoder (kept open by the caller)
     * @param seed seed of the head weights
     * @param manager parent of the sub-manager holding the head
     * @return the model
     */
    public static ScalarHeadModel create(BertEncoder encoder, long seed, NDManager manager) {
        if (encoder == null || manager == null) {
            throw new IllegalArgumentException("encoder and manager must not be null");
        }
        return new ScalarHeadModel(encoder, seed, manager);
    }

    /**
     * Packs a tokenized batch as the {@code [B, 3, T]} int64 input of {@link #forward}.
     *
     * @param batch tokenized rows
     * @param manager where the array is created
     * @return {@code x} with ids, mask and type ids stacked on axis 1
     */
    public static NDArray pack(Tokenized batch, NDManager manager) {
        int b = batch.batchSize();
        int t = batch.length();
        long[] flat = new long[b * 3 * t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(batch.ids()[i], 0, flat, (i * 3) * t, t);
            System.arraycopy(batch.mask()[i], 0, flat, (i * 3 + 1) * t, t);
            System.arraycopy(batch.typeIds()[i], 0, flat, (i * 3 + 2) * t, t);
        }
        return manager.create(flat, new Shape(b, 3, t));
    }

    /**
     * {@code f(x) = w · pool(BERT(ids, mask, types)) + b}.
     *
     * @param x {@code [N, 3, T]} as made by {@link #pack}
     * @return {@code [N]} float32, attached to {@code x}'s manager
     * @throws IllegalArgumentException if {@code x} is not {@code [N, 3, T]}
     */
    @Override
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 3 || s.get(1) != 3 || s.get(0) < 1 || s.get(2) < 1) {
            throw new IllegalArgumentException(
                    "x must be [N, 3, T] (ids, mask, type ids), got " + s);
        }
        NDArray pooled = pooled(x);
        return pooled.matMul(weight).add(bias);
    }

    /**
     * The pooled sentence embeddings {@code pool(BERT(x))} (no head).
     *
     * @param x {@code [N, 3, T]} as made by {@link #pack}
     * @return {@code [N, d]} attached to {@code x}'s manager
     */
    public NDArray pooled(NDArray x) {
        long t = x.getShape().get(2);
        NDArray mask = x.get(new NDIndex(":, 1, :"));
        long[] m = mask.toType(DataType.INT64, false).toLongArray();
        long n = x.getShape().get(0);
        int used = 1;
        for (int i = 0; i < n; i++) {
            for (int j = (int) t - 1; j >= used; j--) {
                if (m[(int) (i * t + j)] != 0) {
                    used = j + 1;
                    break;
                }
            }
        }
        NDArray xs = used < t ? x.get(new NDIndex(":, :, 0:{}", used)) : x;
        NDArray ids = xs.get(new NDIndex(":, 0, :"));
        NDArray msk = xs.get(new NDIndex(":, 1, :"));
        NDArray types = xs.get(new NDIndex(":, 2, :"));
        return encoder.embed(ids, msk, types);
    }

    @Override
    public List<NamedParameter> parameters() {
        return parameters;
    }

    /** @return the encoder under the head */
    public BertEncoder encoder() {
        return encoder;
    }

    /** @return the seed of the head weights */
    public long seed() {
        return seed;
    }

    /** @return a copy of the head weight {@code w} */
    public float[] headWeight() {
        return weight.toFloatArray();
    }

    /**
     * Parameter subset: the head only ({@code head.weight}, {@code head.bias}); its NTK is
     * {@code (pool_i · pool_j + 1)/N}, the linear kernel of the frozen features.
     *
     * @return a name predicate for {@code EmpiricalNtk.Builder#optParameters}
     */
    public static Predicate<String> headOnly() {
        return name -> name.startsWith("head.");
    }

    /**
     * Parameter subset: the head plus the last {@code k} transformer layers of an encoder with
     * {@code numLayers} layers ({@code encoder.layer.(L-k) ... encoder.layer.(L-1)}).
     *
     * @param k layers trained, {@code 0 <= k <= numLayers}
     * @param numLayers layers of the encoder ({@link BertEncoder#numLayers()})
     * @return a name predicate
     * @throws IllegalArgumentException if {@code k} is out of range
     */
    public static Predicate<String> lastLayers(int k, int numLayers) {
        if (k < 0 || k > numLayers) {
            throw new IllegalArgumentException(
                    "layers trained k = " + k + " must be in [0, " + numLayers + "]");
        }
        return name -> {
            if (name.startsWith("head.")) {
                return true;
            }
            if (!name.startsWith("encoder.layer.")) {
                return false;
            }
            int dot = name.indexOf('.', "encoder.layer.".length());
            int layer = Integer.parseInt(name.substring("encoder.layer.".length(), dot));
            return layer >= numLayers - k;
        };
    }

    /**
     * Parameter subset of {@link #lastLayers(int, int)} for this model's encoder.
     *
     * @param k layers trained
     * @return a name predicate
     */
    public Predicate<String> lastLayers(int k) {
        return lastLayers(k, encoder.numLayers());
    }

    /** @return every parameter (encoder and head) */
    public static Predicate<String> all() {
        return name -> true;
    }

    /**
     * Number of scalar parameters a subset selects.
     *
     * @param subset name predicate
     * @return the count
     */
    public long count(Predicate<String> subset) {
        long c = 0;
        for (NamedParameter p : parameters) {
            if (subset.test(p.name())) {
                c += p.size();
            }
        }
        return c;
    }

    /** Frees the head (not the encoder). */
    @Override
    public void close() {
        headManager.close();
    }

    @Override
    public String toString() {
        return encoder.name() + " + Gaussian scalar head (seed " + seed + ", " + encoder.pooling()
                + " pooling)";
    }
}
