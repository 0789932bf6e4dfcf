package org.ftlab.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A tokenized, padded batch: {@code B} rows of {@code T} tokens each (the arrays are kept as
 * given, not copied).
 *
 * @param ids token ids ({@code [CLS]} = 101, {@code [SEP]} = 102, {@code [PAD]} = 0)
 * @param mask 1 for real tokens, 0 for padding
 * @param typeIds 0 for the first sentence (and its {@code [CLS]}, {@code [SEP]}), 1 for the second
 */
public record Tokenized(long[][] ids, long[][] mask, long[][] typeIds) {

    /** @throws IllegalArgumentException if the three arrays are not all {@code B x T}, B, T >= 1 */
    public Tokenized {
        if (ids == null || mask == null || typeIds == null) {
            throw new IllegalArgumentException("ids, mask and typeIds must not be null");
        }
        if (ids.length == 0 || mask.length != ids.length || typeIds.length != ids.length) {
            throw new IllegalArgumentException("ids, mask, typeIds must have the same B >= 1 rows,"
                    + " got " + ids.length + ", " + mask.length + ", " + typeIds.length);
        }
        int t = ids[0] == null ? 0 : ids[0].length;
        if (t == 0) {
            throw new IllegalArgumentException("ids row 0 is empty");
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null || mask[i] == null || typeIds[i] == null
                    || ids[i].length != t || mask[i].length != t || typeIds[i].length != t) {
                throw new IllegalArgumentException("row " + i + " of ids/mask/typeIds is not of"
                        + " length T = " + t);
            }
            for (long v : mask[i]) {
                if (v != 0 && v != 1) {
                    throw new IllegalArgumentException("mask row " + i + " has value " + v
                            + " (must be 0 or 1)");
                }
            }
        }
    }

    /** Number of sequences B. */
    public int batchSize() {
        return ids.length;
    }

    /** Padded length T. */
    public int length() {
        return ids[0].length;
    }

    /** Number of real (unpadded) tokens of row {@code i}. */
    public int realLength(int i) {
        int n = 0;
        for (long v : mask[i]) {
            n += (int) v;
        }
        return n;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), e.g. one sample for per-sample gradients. */
    public Tokenized rows(int from, int to) {
        if (from < 0 || to > ids.length || from >= to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") out of [0, "
                    + ids.length + ")");
        }
        return new Tokenized(
                java.util.Arrays.copyOfRange(ids, from, to),
                java.util.Arrays.copyOfRange(mask, from, to),
                java.util.Arrays.copyOfRange(typeIds, from, to));
    }

    /** {@code [ids, mask, typeIds]} as int64 {@code [B, T]} arrays in {@code manager}. */
    public NDList toNDList(NDManager manager) {
        Shape s = new Shape(batchSize(), length());
        return new NDList(flat(manager, ids, s), flat(manager, mask, s), flat(manager, typeIds, s));
    }

    private static NDArray flat(NDManager manager, long[][] a, Shape s) {
        long[] f = new long[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * a[0].length, a[0].length);
        }
        return manager.create(f, s);
    }
}
