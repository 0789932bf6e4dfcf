package org.ftlab.spectrum;

import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigendecomposition of a symmetric positive semi-definite matrix such as the empirical kernel
 * matrix K of eq. (5)/(7) of paper 1 (Sun &amp; Raskutti), K = U diag(&lambda;) U<sup>T</sup>, with
 * the eigenvalues {@code values()[0] >= values()[1] >= ...} sorted in descending order as in
 * eq. (10) and (29)-(31).
 *
 * <p>Validation, all with {@link IllegalArgumentException}:
 * <ul>
 *   <li>the matrix is square, non-empty and every entry is finite;</li>
 *   <li>it is symmetric within {@code tolerance}: |a<sub>ij</sub> - a<sub>ji</sub>| &le;
 *       tolerance &middot; max|a| (the symmetric part (A + A<sup>T</sup>)/2 is decomposed);</li>
 *   <li>no eigenvalue is below -tolerance &middot; max|&lambda;| (negative beyond round-off: a
 *       kernel matrix is PSD, so such a value means a wrong kernel; the message gives the value).
 *       Eigenvalues in [-tolerance &middot; max|&lambda;|, 0) are round-off and are set to 0.0.</li>
 * </ul>
 * The default tolerance {@value #DEFAULT_TOLERANCE} (relative) is far above double round-off of
 * EJML's symmetric QR algorithm (about n&middot;2.2e-16) but below what float32 kernels produce;
 * pass a larger tolerance (e.g. 1e-5) for kernels assembled from float32 Jacobians.
 *
 * <p>Eigenvectors are returned row-wise: {@code vectors()[i]} is the unit eigenvector of
 * {@code values()[i]} (i.e. the rows of U<sup>T</sup>).
 */
public final class SymmetricEigen {

    /** Default relative tolerance for the symmetry and negative-eigenvalue checks. */
    public static final double DEFAULT_TOLERANCE = 1e-8;

    private final double[] values;
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Eigenvalues and eigenvectors with the default tolerance. */
    public static SymmetricEigen of(double[][] matrix) {
        return decompose(matrix, true, DEFAULT_TOLERANCE);
    }

    /** Eigenvalues only (descending), default tolerance; cheaper than {@link #of}. */
    public static double[] eigenvalues(double[][] matrix) {
        return decompose(matrix, false, DEFAULT_TOLERANCE).values();
    }

    /**
     * Decomposes a symmetric PSD matrix.
     *
     * @param matrix square, symmetric within tolerance, finite
     * @param wantVectors whether to compute eigenvectors (about 3x slower)
     * @param tolerance relative tolerance for symmetry and negative eigenvalues, in [0, 1)
     */
    public static SymmetricEigen decompose(double[][] matrix, boolean wantVectors, double tolerance) {
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance: must be in [0, 1), got " + tolerance);
        }
        int n = requireSquareFinite(matrix, "matrix");
        double maxAbs = 0;
        for (double[] row : matrix) {
            for (double x : row) {
                maxAbs = Math.max(maxAbs, Math.abs(x));
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double d = Math.abs(matrix[i][j] - matrix[j][i]);
                if (d > tolerance * maxAbs) {
                    throw new IllegalArgumentException("matrix: not symmetric: |a[" + i + "][" + j
                            + "] - a[" + j + "][" + i + "]| = " + d + " > tolerance " + tolerance
                            + " x max|a| " + maxAbs);
                }
                double s = 0.5 * (matrix[i][j] + matrix[j][i]);
                a.unsafe_set(i, j, s);
                a.unsafe_set(j, i, s);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, wantVectors, true);
        if (!eig.decompose(a)) {
            throw new IllegalStateException("EJML symmetric eigendecomposition did not converge (n=" + n + ")");
        }
        double[] raw = new double[n];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            raw[i] = eig.getEigenvalue(i).real;
            scale = Math.max(scale, Math.abs(raw[i]));
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> raw[i]).reversed());
        double[] values = new double[n];
        double[][] vectors = wantVectors ? new double[n][] : null;
        for (int k = 0; k < n; k++) {
            double v = raw[order[k]];
            if (v < -tolerance * scale) {
                throw new IllegalArgumentException("matrix: not positive semi-definite: eigenvalue "
                        + v + " < -tolerance " + tolerance + " x max|lambda| " + scale);
            }
            values[k] = Math.max(v, 0.0);
            if (wantVectors) {
                DMatrixRMaj u = eig.getEigenVector(order[k]);
                double[] vec = new double[n];
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    vec[i] = u.get(i, 0);
                    norm += vec[i] * vec[i];
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < n; i++) {
                    vec[i] /= norm;
                }
                vectors[k] = vec;
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** Matrix size N. */
    public int size() {
        return values.length;
    }

    /** Eigenvalues, descending, non-negative (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Whether eigenvectors were computed. */
    public boolean hasVectors() {
        return vectors != null;
    }

    /**
     * Unit eigenvectors, row {@code i} belonging to {@code values()[i]} (a deep copy).
     *
     * @throws IllegalStateException if the decomposition was made without vectors
     */
    public double[][] vectors() {
        if (vectors == null) {
            throw new IllegalStateException("eigenvectors were not computed: use SymmetricEigen.of "
                    + "or decompose(matrix, true, tolerance)");
        }
        double[][] copy = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i].clone();
        }
        return copy;
    }

    static int requireSquareFinite(double[][] m, String name) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(name + ": must be a non-empty square matrix");
        }
        int n = m.length;
        for (int i = 0; i < n; i++) {
            if (m[i] == null || m[i].length != n) {
                throw new IllegalArgumentException(name + ": not square: row " + i + " has "
                        + (m[i] == null ? "no" : m[i].length) + " columns, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException(name + ": entry [" + i + "][" + j + "] is "
                            + m[i][j] + ", must be finite");
                }
            }
        }
        return n;
    }
}
