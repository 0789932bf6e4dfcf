package org.ftlab.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixIoTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void matrixRoundTripsBitForBit() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] m = new double[7][7];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                m[i][j] = rng.nextGaussian() * Math.pow(10, rng.nextInt(-300, 300));
            }
        }
        m[0][0] = Double.MIN_VALUE;
        m[0][1] = -Double.MAX_VALUE;
        m[0][2] = -0.0;
        m[0][3] = 0.1 + 0.2;
        m[0][4] = Math.PI;
        Path p = dir.resolve("m.tsv");
        MatrixIo.writeMatrix(p, m);
        double[][] back = MatrixIo.readSquare(p);
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                assertEquals(Double.doubleToRawLongBits(m[i][j]), Double.doubleToRawLongBits(back[i][j]),
                        "entry [" + i + "][" + j + "] must round-trip exactly (0 ulp)");
            }
        }
    }

    @Test
    void vectorRoundTripsAndRectangularMatrixReads() throws IOException {
        double[] v = {1e-320, -3.0, 2.5e10, 1.0 / 3.0};
        Path p = dir.resolve("v.tsv");
        MatrixIo.writeVector(p, v);
        assertArrayEquals(v, MatrixIo.readVector(p), 0.0, "vector round-trips exactly");
        double[][] r = MatrixIo.readMatrix(write("r.tsv", "1\t2\t3\r\n4\t5\t6\r\n\n"));
        assertArrayEquals(new double[] {4, 5, 6}, r[1], 0.0, "CRLF line ends and a trailing blank line are accepted");
        assertEquals(2, r.length, "two rows");
    }

    @Test
    void acceptsSignsAndExponents() throws IOException {
        double[][] m = MatrixIo.readSquare(write("ok.tsv", "+1.5e-3\t-.5\n2.\t 7E2 \n"));
        assertArrayEquals(new double[] {1.5e-3, -0.5}, m[0], 0.0, "row 1 parsed exactly");
        assertArrayEquals(new double[] {2.0, 700.0}, m[1], 0.0, "row 2 parsed exactly (spaces around a field ignored)");
    }

    @Test
    void errorsNameFileLineAndColumn() throws IOException {
        Path bad = write("bad.tsv", "1\t2\t3\n4\t5\tx\n7\t8\t9\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readSquare(bad));
        assertTrue(e.getMessage().contains("bad.tsv:2: column 3") && e.getMessage().contains("'x'"),
                "message names file, line 2, column 3 and the field: " + e.getMessage());

        Path nan = write("nan.tsv", "1\tNaN\n2\t3\n");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readSquare(nan));
        assertTrue(e.getMessage().contains("nan.tsv:1: column 2") && e.getMessage().contains("not finite"),
                "NaN rejected with position: " + e.getMessage());

        Path inf = write("inf.tsv", "1\t2\n-Infinity\t3\n");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readSquare(inf));
        assertTrue(e.getMessage().contains("inf.tsv:2: column 1"), "Infinity rejected with position: " + e.getMessage());

        Path big = write("big.tsv", "1e999\n");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readVector(big));
        assertTrue(e.getMessage().contains("big.tsv:1") && e.getMessage().contains("overflows"),
                "overflow rejected: " + e.getMessage());

        Path ragged = write("ragged.tsv", "1\t2\t3\n4\t5\n7\t8\t9\n");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readSquare(ragged));
        assertTrue(e.getMessage().contains("ragged.tsv:2") && e.getMessage().contains("ragged"),
                "ragged row named: " + e.getMessage());

        Path rect = write("rect.tsv", "1\t2\t3\n4\t5\t6\n");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readSquare(rect));
        assertTrue(e.getMessage().contains("rect.tsv") && e.getMessage().contains("not square"),
                "non-square named: " + e.getMessage());

        Path empty = write("empty.tsv", "");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readSquare(empty));
        assertTrue(e.getMessage().contains("empty.tsv") && e.getMessage().contains("empty"), e.getMessage());

        Path hole = write("hole.tsv", "1\t2\n\n3\t4\n");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readSquare(hole));
        assertTrue(e.getMessage().contains("hole.tsv:2") && e.getMessage().contains("blank line"), e.getMessage());

        Path emptyField = write("ef.tsv", "1\t\n3\t4\n");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readSquare(emptyField));
        assertTrue(e.getMessage().contains("ef.tsv:1: column 2") && e.getMessage().contains("empty field"),
                e.getMessage());

        Path suffix = write("sfx.tsv", "1d\n");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readVector(suffix));
        assertTrue(e.getMessage().contains("sfx.tsv:1") && e.getMessage().contains("not a number"),
                "Java-only syntax such as 1d is rejected: " + e.getMessage());

        Path twoCols = write("two.tsv", "1\n2\t3\n");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readVector(twoCols));
        assertTrue(e.getMessage().contains("two.tsv:2") && e.getMessage().contains("one number per line"),
                e.getMessage());

        Path missing = dir.resolve("missing.tsv");
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.readVector(missing));
        assertTrue(e.getMessage().contains("missing.tsv") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void writeRejectsNonFiniteAndRagged() {
        Path p = dir.resolve("w.tsv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatrixIo.writeMatrix(p, new double[][] {{1, Double.NaN}, {2, 3}}));
        assertTrue(e.getMessage().contains("matrix[0][1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MatrixIo.writeMatrix(p, new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MatrixIo.writeVector(p, new double[] {1, Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().contains("vector[1]"), e.getMessage());
    }
}
