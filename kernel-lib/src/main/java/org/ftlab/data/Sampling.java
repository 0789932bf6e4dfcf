package org.ftlab.data;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;

/**
 * Index-level seeded sampling without replacement. All randomness comes from one
 * {@code java.util.Random(seed)}, whose generator is fully specified by the Java SE API, so the same
 * seed gives the same indices on every JVM.
 *
 * <p>Uniform: the first {@code n} positions of a forward Fisher-Yates shuffle of {@code 0..N-1}
 * (step i swaps position i with i + nextInt(N - i)); stopping after n steps gives the same prefix as
 * the full shuffle, so samples of increasing n with one seed are nested.
 *
 * <p>Stratified: per-class quotas by largest remainder ({@code floor(n * N_c / N)}, then one more for
 * the classes with the largest remainders {@code n * N_c mod N}, ties to the smaller label), then for
 * each class in ascending label order, the uniform rule above applied to that class's indices (in
 * input order) with the same {@code Random}. Results are returned sorted ascending (input order).
 */
final class Sampling {

    private Sampling() {
    }

    static int[] uniform(int size, int n, long seed) {
        checkN(size, n);
        int[] idx = prefix(identity(size), n, new Random(seed));
        Arrays.sort(idx);
        return idx;
    }

    static int[] stratified(int[] labels, int n, long seed) {
        checkN(labels.length, n);
        TreeMap<Integer, int[]> byClass = new TreeMap<>();
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int y : labels) {
            if (y < 0) {
                throw new IllegalArgumentException("stratified sampling needs labels >= 0, got " + y);
            }
            counts.merge(y, 1, Integer::sum);
        }
        for (var e : counts.entrySet()) {
            byClass.put(e.getKey(), new int[e.getValue()]);
        }
        int[] fill = new int[counts.isEmpty() ? 0 : counts.lastKey() + 1];
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i])[fill[labels[i]]++] = i;
        }
        int[] sizes = byClass.values().stream().mapToInt(a -> a.length).toArray();
        int[] quota = quotas(sizes, n);
        Random rnd = new Random(seed);
        int[] out = new int[n];
        int k = 0;
        int c = 0;
        for (int[] members : byClass.values()) {
            for (int i : prefix(members.clone(), quota[c++], rnd)) {
                out[k++] = i;
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** Largest-remainder apportionment of n over classes of the given sizes (sum of sizes = N). */
    static int[] quotas(int[] sizes, int n) {
        long total = 0;
        for (int s : sizes) {
            total += s;
        }
        int[] q = new int[sizes.length];
        long[] rem = new long[sizes.length];
        int given = 0;
        for (int c = 0; c < sizes.length; c++) {
            long num = (long) n * sizes[c];
            q[c] = (int) (num / total);
            rem[c] = num % total;
            given += q[c];
        }
        Integer[] order = new Integer[sizes.length];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> rem[a] != rem[b] ? Long.compare(rem[b], rem[a]) : Integer.compare(a, b));
        for (int j = 0; given < n; j++) {
            q[order[j]]++;
            given++;
        }
        return q;
    }

    /** First n entries of a forward Fisher-Yates shuffle of {@code a} (shuffles {@code a} in place). */
    private static int[] prefix(int[] a, int n, Random rnd) {
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return Arrays.copyOf(a, n);
    }

    private static int[] identity(int size) {
        int[] a = new int[size];
        for (int i = 0; i < size; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void checkN(int size, int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("n must be in 0.." + size + " (sampling without replacement), got " + n);
        }
    }
}
