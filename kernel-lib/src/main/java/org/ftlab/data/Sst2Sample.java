package org.ftlab.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes {@code datasets/SST-2/train_sample4000_seed42.tsv}: a stratified, seeded sample of {@value #SIZE}
 * rows of GLUE SST-2 train (67,349 rows; 37,569 positive, 29,780 negative), so that the repository
 * does not carry the full 3.8 MB file. The rule is {@link Datasets#sampleStratified} with seed
 * {@value #SEED}: largest-remainder quotas (2,231 positive, 1,769 negative), a seeded partial
 * Fisher-Yates shuffle within each label, rows written in their original order and byte for byte,
 * after the original header {@code sentence<TAB>label}.
 *
 * <p>Run: {@code java -cp kernel-lib/target/classes:$(gson jar) org.ftlab.data.Sst2Sample
 * <upstream train.tsv> <output.tsv>}. The input must be the upstream file (F0restL1n/BERT @
 * 03e1106d glue_data/SST-2/train.tsv, SHA-256 {@value #UPSTREAM_SHA256}); another file is rejected.
 */
final class Sst2Sample {

    static final int SIZE = 4000;
    static final long SEED = 42L;
    static final String UPSTREAM_SHA256 = "48eac26399f8456935f81dd9e3a745c1430adb6c62e233ccfe22db4a0d15d1d1";

    private Sst2Sample() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Sst2Sample <upstream SST-2 train.tsv> <output.tsv>");
        }
        byte[] in = Files.readAllBytes(Path.of(args[0]));
        String sha = Manifest.sha256(in);
        if (!sha.equals(UPSTREAM_SHA256)) {
            throw new IllegalArgumentException(args[0] + ": not the upstream SST-2 train.tsv: expected sha256 "
                    + UPSTREAM_SHA256 + ", file sha256 " + sha);
        }
        byte[] out = sample(in, args[0]);
        Files.write(Path.of(args[1]), out);
        System.out.println("wrote " + args[1] + ": " + SIZE + " rows, sha256 " + Manifest.sha256(out));
    }

    /** The sample file's bytes, from the bytes of the full train file. */
    static byte[] sample(byte[] fullTrain, String name) {
        TextFile f = TextFile.decode(name, fullTrain);
        List<Example> all = GlueLoaders.sst2Lines(f, name);
        List<Example> chosen = Datasets.sampleStratified(all, SIZE, SEED);
        StringBuilder b = new StringBuilder(f.line(1)).append('\n');
        for (Example x : chosen) {
            b.append(f.line(x.line())).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
