package org.ftlab.model;

/**
 * Independent plain-Java evaluation of the network of {@link AttentionNetwork} (eq. 3-4, 67-70),
 * written with loops straight from the paper's formulas, used to test the NDArray implementation.
 */
final class ReferenceForward {

    private final AttentionNetwork.Config c;
    private final ParameterSnapshot s;
    private final AttentionNetwork net;

    ReferenceForward(AttentionNetwork net) {
        this.net = net;
        this.c = net.config();
        this.s = ParameterSnapshot.of(net);
    }

    /** Effective weight value (NTK multiplier applied). */
    private double[] w(String name) {
        double[] v = s.values(name);
        double m = net.multiplier(name);
        for (int i = 0; i < v.length; i++) {
            v[i] *= m;
        }
        return v;
    }

    double forward(double[][] x) {
        int t = c.seqLength();
        int d = c.width();
        double[][] h = x;
        if (c.inputEmbedding()) {
            h = matmul(h, w("embedding.W"), c.inputDim(), d);
        }
        for (int l = 1; l <= c.layers(); l++) {
            h = block(l, h);
        }
        double[] wo = w("head.w");
        double out = 0;
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < d; j++) {
                out += h[i][j] * wo[j] / t;
            }
        }
        return out;
    }

    private double[][] block(int l, double[][] g) {
        String b = "block" + l + ".";
        int t = c.seqLength();
        int d = c.width();
        int din = c.blockInputDim(l);
        int heads = c.heads();
        int dg = c.headDim();
        double cs = c.scaling() == AttentionNetwork.Scaling.INVERSE_D ? 1.0 / dg : 1.0 / Math.sqrt(dg);
        double[] wq = w(b + "attention.WQ");
        double[] wk = w(b + "attention.WK");
        double[] wv = w(b + "attention.WV");
        double[] wo = w(b + "attention.WO");
        double[][] cat = new double[t][heads * d];
        for (int hh = 0; hh < heads; hh++) {
            double[][] q = matmul(g, slice(wq, hh, din * dg), din, dg);
            double[][] k = matmul(g, slice(wk, hh, din * dg), din, dg);
            double[][] v = matmul(g, slice(wv, hh, din * d), din, d);
            for (int i = 0; i < t; i++) {
                double[] srow = new double[t];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    double acc = 0;
                    for (int e = 0; e < dg; e++) {
                        acc += q[i][e] * k[j][e];
                    }
                    srow[j] = cs * acc;
                    max = Math.max(max, srow[j]);
                }
                double z = 0;
                for (int j = 0; j < t; j++) {
                    srow[j] = Math.exp(srow[j] - max);
                    z += srow[j];
                }
                for (int j = 0; j < t; j++) {
                    for (int e = 0; e < d; e++) {
                        cat[i][hh * d + e] += srow[j] / z * v[j][e];
                    }
                }
            }
        }
        double[][] f = matmul(cat, wo, heads * d, d);
        if (c.residual()) {
            add(f, g);
        }
        if (c.layerNorm()) {
            f = layerNorm(f, s.values(b + "norm1.gamma"), s.values(b + "norm1.beta"));
        }
        if (!c.mlp()) {
            return act(f);
        }
        double[][] u = matmul(act(matmul(f, w(b + "mlp.W1"), d, 4 * d)), w(b + "mlp.W2"), 4 * d, d);
        if (c.residual()) {
            add(u, f);
        }
        if (c.layerNorm()) {
            u = layerNorm(u, s.values(b + "norm2.gamma"), s.values(b + "norm2.beta"));
        }
        return u;
    }

    private double[][] act(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                double x = a[i][j];
                switch (c.activation()) {
                    case IDENTITY: r[i][j] = x; break;
                    case TANH: r[i][j] = Math.tanh(x); break;
                    case RELU: r[i][j] = Math.max(x, 0); break;
                    case GELU: r[i][j] = 0.5 * x * (1 + erf(x / Math.sqrt(2))); break;
                    default: throw new IllegalStateException();
                }
            }
        }
        return r;
    }

    /** erf via its Taylor series (|x| < 3) or the continued fraction of erfc, to ~1e-14. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 3) {
            double term = x;
            double sum = x;
            for (int n = 1; n < 200; n++) {
                term *= -x * x / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17) {
                    break;
                }
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
        double f = ax;
        for (int n = 60; n >= 1; n--) {
            f = ax + (n / 2.0) / f;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.signum(x) * (1 - erfc);
    }

    private static double[][] layerNorm(double[][] a, double[] gamma, double[] beta) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            int n = a[i].length;
            double mu = 0;
            for (double v : a[i]) {
                mu += v / n;
            }
            double var = 0;
            for (double v : a[i]) {
                var += (v - mu) * (v - mu) / n;
            }
            r[i] = new double[n];
            for (int j = 0; j < n; j++) {
                r[i][j] = gamma[j] * (a[i][j] - mu) / Math.sqrt(var + AttentionNetwork.LAYER_NORM_EPS)
                        + beta[j];
            }
        }
        return r;
    }

    private static void add(double[][] a, double[][] b) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] += b[i][j];
            }
        }
    }

    private static double[] slice(double[] w, int index, int len) {
        double[] r = new double[len];
        System.arraycopy(w, index * len, r, 0, len);
        return r;
    }

    /** a [T, rows] times row-major w [rows, cols]. */
    private static double[][] matmul(double[][] a, double[] w, int rows, int cols) {
        double[][] r = new double[a.length][cols];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < rows; k++) {
                double av = a[i][k];
                for (int j = 0; j < cols; j++) {
                    r[i][j] += av * w[k * cols + j];
                }
            }
        }
        return r;
    }
}
