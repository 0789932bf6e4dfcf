package org.ftlab.taskvector;

/**
 * Overlap of the kernels of several tasks, the quantity behind Assumption 5.1 of paper 1: with
 * the inputs of tasks {@code 1..m} stacked and {@code K} the empirical NTK at {@code θ_PT} on all
 * of them, the blocks {@code K_ij} (task {@code i} rows, task {@code j} columns) give
 *
 * <pre>
 *   ρ_ij = ||K_ij||_F / sqrt(||K_ii||_F ||K_jj||_F)
 * </pre>
 *
 * which is 0 when the tasks' gradient features are orthogonal ({@code J_i J_j^T = 0}, the
 * orthogonality of Assumption 5.1 under which Corollary 2's addition works) and 1 on the
 * diagonal; for positive semi-definite {@code K} it lies in [0, 1] (Cauchy-Schwarz for the
 * Frobenius inner product of Gram blocks).
 */
public final class KernelOverlap {

    private KernelOverlap() {}

    /**
     * @param kernel {@code K}, square, rows grouped by task in the order of {@code groupSizes}
     * @param groupSizes number of inputs of each task (sum = size of {@code K})
     * @return {@code ρ}, {@code m×m}
     */
    public static double[][] normalisedCrossKernel(double[][] kernel, int[] groupSizes) {
        int total = 0;
        for (int g : groupSizes) {
            if (g < 1) {
                throw new IllegalArgumentException("groupSizes: " + g + ", expected >= 1");
            }
            total += g;
        }
        if (kernel.length != total) {
            throw new IllegalArgumentException("kernel: " + kernel.length + " rows, groupSizes sum to "
                    + total);
        }
        int m = groupSizes.length;
        int[] start = new int[m + 1];
        for (int i = 0; i < m; i++) {
            start[i + 1] = start[i] + groupSizes[i];
        }
        double[][] fro = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double s = 0;
                for (int i = start[a]; i < start[a + 1]; i++) {
                    if (kernel[i].length != total) {
                        throw new IllegalArgumentException("kernel: row " + i + " has "
                                + kernel[i].length + " entries, expected " + total);
                    }
                    for (int j = start[b]; j < start[b + 1]; j++) {
                        s += kernel[i][j] * kernel[i][j];
                    }
                }
                fro[a][b] = Math.sqrt(s);
            }
        }
        double[][] rho = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                rho[a][b] = fro[a][b] / Math.sqrt(fro[a][a] * fro[b][b]);
            }
        }
        return rho;
    }
}
