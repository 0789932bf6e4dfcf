package org.ftlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Seeded sampling: deterministic, without replacement, uniform, stratified by largest remainder. */
class SamplingTest {

    /** n examples with labels cycling through the given class sizes (label c repeated sizes[c] times, interleaved). */
    private static List<Example> examples(int... sizes) {
        List<Example> out = new ArrayList<>();
        int[] left = sizes.clone();
        int line = 1;
        boolean any = true;
        while (any) {
            any = false;
            for (int c = 0; c < sizes.length; c++) {
                if (left[c]-- > 0) {
                    out.add(Example.classification("s" + line, null, c, "synthetic", line++));
                    any = true;
                }
            }
        }
        return out;
    }

    private static int[] counts(List<Example> xs, int k) {
        int[] c = new int[k];
        xs.forEach(x -> c[x.label()]++);
        return c;
    }

    @Test
    void sameSeedSameSampleDifferentSeedDifferentSample() {
        List<Example> xs = examples(300, 200);
        assertEquals(Datasets.sample(xs, 50, 7L), Datasets.sample(xs, 50, 7L), "uniform: same seed, same sample");
        assertEquals(Datasets.sampleStratified(xs, 50, 7L), Datasets.sampleStratified(xs, 50, 7L), "stratified: same seed");
        assertNotEquals(Datasets.sample(xs, 50, 7L), Datasets.sample(xs, 50, 8L), "another seed gives another sample");
    }

    @Test
    void withoutReplacementAndInInputOrder() {
        List<Example> xs = examples(30, 20);
        for (List<Example> s : List.of(Datasets.sample(xs, 50, 1L), Datasets.sampleStratified(xs, 37, 1L))) {
            assertEquals(s.size(), new HashSet<>(s).size(), "no example twice");
            for (int i = 1; i < s.size(); i++) {
                assertTrue(s.get(i - 1).line() < s.get(i).line(), "returned in input order");
            }
        }
        assertEquals(xs, Datasets.sample(xs, 50, 3L), "n = size returns everything");
    }

    @Test
    void uniformSamplesAreNestedForOneSeed() {
        List<Example> xs = examples(100);
        Set<Example> small = new HashSet<>(Datasets.sample(xs, 10, 11L));
        Set<Example> large = new HashSet<>(Datasets.sample(xs, 40, 11L));
        assertTrue(large.containsAll(small), "prefix of one seeded permutation: n=10 subset of n=40");
    }

    @Test
    void uniformInclusionFrequencyIsNOverN() {
        // every index of 20 must be drawn with probability 5/20 = 1/4; over 4000 seeds the count is
        // Binomial(4000, 1/4): mean 1000, sd 27.4; allow 5 sd
        int[] hits = new int[20];
        for (long seed = 0; seed < 4000; seed++) {
            for (int i : Sampling.uniform(20, 5, seed)) {
                hits[i]++;
            }
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(1000, hits[i], 137, "index " + i + " inclusion count (mean 1000, 5 sd = 137)");
        }
    }

    @Test
    void stratifiedQuotasByLargestRemainder() {
        // 60/30/10 of 100, n = 25: exact shares 15, 7.5, 2.5 -> floors 15, 7, 2 (24), one left over;
        // remainders 0, 0.5, 0.5 tie -> the smaller label (1) gets it: 15, 8, 2
        assertArrayEquals(new int[] {15, 8, 2}, counts(Datasets.sampleStratified(examples(60, 30, 10), 25, 5L), 3),
                "largest-remainder quotas, ties to the smaller label");
        // 7/3 of 10, n = 5: shares 3.5, 1.5 -> 3, 1 + leftover to label 0 (tie) = 4, 1
        assertArrayEquals(new int[] {4, 1}, counts(Datasets.sampleStratified(examples(7, 3), 5, 5L), 2), "tie to label 0");
        // 2/98 of 100, n = 10: shares 0.2, 9.8 -> 0, 9 + leftover to label 1 (remainder .8) = 0, 10
        assertArrayEquals(new int[] {0, 10}, counts(Datasets.sampleStratified(examples(2, 98), 10, 5L), 2),
                "leftover goes to the larger remainder");
        assertArrayEquals(Sampling.quotas(new int[] {29780, 37569}, 4000), new int[] {1769, 2231},
                "SST-2: 4000*29780/67349 = 1768.66, 4000*37569/67349 = 2231.34");
    }

    @Test
    void stratifiedIsUniformWithinEachLabel() {
        // labels 12 of class 0 and 8 of class 1, n = 5 -> quotas 3 and 2; within class 0 each member has
        // probability 3/12, within class 1 2/8: both 1/4; 4000 seeds -> mean 1000, sd 27.4, allow 5 sd
        List<Example> xs = examples(12, 8);
        int[] hits = new int[xs.size()];
        for (long seed = 0; seed < 4000; seed++) {
            for (Example x : Datasets.sampleStratified(xs, 5, seed)) {
                hits[x.line() - 1]++;
            }
        }
        for (int i = 0; i < hits.length; i++) {
            assertEquals(1000, hits[i], 137, "example " + (i + 1) + " inclusion count (mean 1000, 5 sd = 137)");
        }
    }

    @Test
    void holdOutPartitionsAndStratifies() {
        List<Example> xs = examples(70, 30);
        Datasets.HoldOut h = Datasets.holdOut(xs, 10, 3L);
        assertEquals(90, h.rest().size(), "rest = 100 - 10");
        assertArrayEquals(new int[] {7, 3}, counts(h.heldOut(), 2), "stratified 10 of 70/30");
        Set<Example> all = new HashSet<>(h.rest());
        all.addAll(h.heldOut());
        assertEquals(new HashSet<>(xs), all, "rest and held-out together are the input");
        List<Example> reg = List.of(Example.regression("a", "b", 1, "r", 1), Example.regression("c", "d", 2, "r", 2),
                Example.regression("e", "f", 3, "r", 3));
        assertEquals(1, Datasets.holdOut(reg, 1, 3L).heldOut().size(), "regression examples: uniform hold-out");
    }

    @Test
    void badArguments() {
        List<Example> xs = examples(3, 2);
        assertThrows(IllegalArgumentException.class, () -> Datasets.sample(xs, 6, 1L), "n > size");
        assertThrows(IllegalArgumentException.class, () -> Datasets.sample(xs, -1, 1L), "n < 0");
        assertThrows(IllegalArgumentException.class, () -> Datasets.sample(null, 1, 1L), "null list");
        List<Example> reg = List.of(Example.regression("a", "b", 1, "r", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.sampleStratified(reg, 1, 1L));
        assertTrue(e.getMessage().contains("r:1"), "names the regression example: " + e.getMessage());
    }

    @Test
    void sst2SampleIsAnOrderedSubsetOfItsLinesAndReproducible() throws IOException {
        // synthetic full train file: the sampler must write the header, then the chosen lines verbatim in order
        StringBuilder b = new StringBuilder("sentence\tlabel\n");
        for (int i = 0; i < 5000; i++) {
            b.append("phrase ").append(i).append(" \t").append(i % 3 == 0 ? 0 : 1).append('\n');
        }
        byte[] out = Sst2Sample.sample(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "synthetic");
        String[] lines = new String(out, java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertEquals(Sst2Sample.SIZE + 1, lines.length, "header + 4000 rows");
        int prev = -1;
        int neg = 0;
        for (int k = 1; k < lines.length; k++) {
            int i = Integer.parseInt(lines[k].split(" ")[1]);
            assertTrue(i > prev, "rows in original order");
            assertEquals(lines[k], "phrase " + i + " \t" + (i % 3 == 0 ? 0 : 1), "row copied verbatim");
            neg += i % 3 == 0 ? 1 : 0;
            prev = i;
        }
        // 1667 of 5000 are label 0: 4000*1667/5000 = 1333.6 -> 1334 (remainder .6 beats .4)
        assertEquals(1334, neg, "stratified count of label 0");

        // with the upstream file (kept outside the repository, if present) the shipped sample is reproduced byte for byte
        Path upstream = Path.of("/work/shared/datasets-raw/SST-2/train.tsv");
        Assumptions.assumeTrue(Files.isRegularFile(upstream), "upstream SST-2 train.tsv not available on this machine");
        byte[] regenerated = Sst2Sample.sample(Files.readAllBytes(upstream), upstream.toString());
        assertArrayEquals(Files.readAllBytes(TestRoots.shipped().resolve(GlueLoaders.SST2_SAMPLE)), regenerated,
                "Sst2Sample reproduces the shipped SST-2 sample");
    }
}
