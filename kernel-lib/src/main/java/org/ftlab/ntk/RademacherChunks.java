package org.ftlab.ntk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * The Rademacher sketch matrix {@code S ∈ {±1}^{P×D}} of {@link EmpiricalNtk}, produced in row
 * chunks: chunk {@code c} (rows {@code c·chunkRows ..}) depends only on {@code (seed, c)}, so it
 * can be regenerated for every block of samples without ever holding {@code S}. One direct
 * buffer and one Java array are reused for all chunks; a returned FLOAT32 array aliases the
 * buffer, so close it before asking for the next chunk.
 */
final class RademacherChunks {

    private final long seed;
    private final int d;
    private final DataType type;
    private final ByteBuffer buffer;
    private final float[] scratch;

    RademacherChunks(long seed, int chunkRows, int d, DataType type) {
        this.seed = seed;
        this.d = d;
        this.type = type;
        this.buffer = ByteBuffer.allocateDirect(chunkRows * d * 4).order(ByteOrder.nativeOrder());
        this.scratch = new float[chunkRows * d];
    }

    NDArray chunk(NDManager m, int chunk, int rows) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + chunk);
        int size = rows * d;
        int i = 0;
        while (i < size) {
            long bits = rnd.nextLong();
            int end = Math.min(size, i + 64);
            for (; i < end; i++) {
                scratch[i] = 1f - 2f * (bits & 1L);
                bits >>>= 1;
            }
        }
        buffer.clear();
        buffer.asFloatBuffer().put(scratch, 0, size);
        buffer.limit(size * 4);
        NDArray s = m.create(buffer, new Shape(rows, d), DataType.FLOAT32);
        return type == DataType.FLOAT32 ? s : s.toType(type, false);
    }
}
