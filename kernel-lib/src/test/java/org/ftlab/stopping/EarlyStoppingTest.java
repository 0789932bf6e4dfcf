package org.ftlab.stopping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.SplittableRandom;
import org.ftlab.spectrum.SymmetricEigen;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void facadeAgreesWithComponents() {
        Fixtures.Problem pr = new Fixtures.Problem(80, 21);
        double sigma = 0.1;
        SplittableRandom rng = new SplittableRandom(22);
        double[] f0 = Fixtures.gaussian(80, 1, rng);
        double[] fStar = new double[80];
        double[] y = new double[80];
        for (int i = 0; i < 80; i++) {
            fStar[i] = f0[i] + pr.delta[i];
            y[i] = fStar[i] + sigma * rng.nextGaussian();
        }
        EarlyStoppingResult res = EarlyStopping.builder().setKernel(pr.k).setY(y).setSigma(sigma).optCH(pr.cH)
                .optF0(f0).optFStar(fStar).optG(t -> 1e-5 * t).build().compute();

        double[] ev = SymmetricEigen.eigenvalues(pr.k);
        assertArrayEquals(ev, res.eigenvalues(), 1e-14, "eigenvalues");
        double eps = Math.min(1, 1 / ev[0]);
        assertEquals(eps, res.eta(), 0.0, "default step min(1, 1/lambda_1)");
        assertEquals(2 / (ev[0] + ev[79]), res.etaCritical(), 1e-12, "eta_critical = 2/(lmin + lmax) (B.2)");
        RademacherComplexity r = new RademacherComplexity(ev);
        assertEquals(CriticalRadius.solve(r, sigma, pr.cH), res.criticalRadius(), 1e-15, "critical radius");
        int tMax = StoppingRule.tMax(r, sigma, pr.cH, eps, EarlyStopping.DEFAULT_T_LIMIT).getAsInt();
        assertEquals(tMax, res.tMax(), "T_max");
        assertFalse(res.tMaxLimitReached(), "rule stopped");
        double c = StoppingRule.biasVarianceConstant(pr.cH);
        assertEquals(c, res.c(), 0.0, "default C = C_H^2/(2e) + C_H^4/(4e^2)");
        assertEquals(StoppingRule.tOp(tMax, eps, c, t -> 1e-5 * t), res.tOp(), "T_op with g");
        assertTrue(res.tOp() <= res.tMax(), "T_op <= T_max");
        assertEquals(1 / (eps * res.tOp()), res.ridgeLambda(), 1e-15, "lambda = 1/(eps T_op)");
        assertEquals(Math.max(100, 10 * tMax), res.horizon(), "default horizon");

        KernelGradientDescent gd = KernelGradientDescent.of(pr.k);
        double[] r0 = new double[80];
        for (int i = 0; i < 80; i++) {
            r0[i] = y[i] - f0[i];
        }
        assertArrayEquals(gd.trainMse(r0, eps, res.horizon()), res.trainMse(), 1e-12, "train MSE from y - f0");
        RiskCurve rc = gd.riskCurve(pr.delta, sigma, eps, res.horizon());
        assertArrayEquals(rc.variance(), res.variance(), 1e-14, "variance curve");
        assertArrayEquals(rc.risk(), res.comparison().gd().risk(), 1e-12, "GD risk from fStar - f0");
    }

    @Test
    void jsonIsValidAndRoundTrips() {
        Fixtures.Problem pr = new Fixtures.Problem(30, 5);
        double[] y = Fixtures.gaussian(30, 1, new SplittableRandom(6));
        EarlyStoppingResult res = EarlyStopping.builder().setKernel(pr.k).setY(y).setSigma(0.3).optEta(0.5)
                .optFStar(pr.delta).build().compute();
        JsonObject o = JsonParser.parseString(res.toJson()).getAsJsonObject();
        assertEquals(res.criticalRadius(), o.get("criticalRadius").getAsDouble(), 0.0, "full precision");
        assertEquals(res.tMax(), o.get("tMax").getAsInt(), "tMax");
        assertEquals(res.tOp(), o.get("tOp").getAsInt(), "tOp");
        assertEquals(res.ridgeLambda(), o.get("ridgeLambda").getAsDouble(), 0.0, "ridge lambda exact");
        JsonArray ev = o.getAsJsonArray("eigenvalues");
        for (int i = 0; i < 30; i++) {
            assertEquals(res.eigenvalues()[i], ev.get(i).getAsDouble(), 0.0, "eigenvalue " + i + " round-trips");
        }
        assertTrue(o.getAsJsonArray("ridgeLambdas").get(0).isJsonNull(), "lambda_0 = inf written as null");
        JsonObject small = JsonParser.parseString(res.toJson(false)).getAsJsonObject();
        assertFalse(small.has("eigenvalues"), "summary JSON has no curves");
        assertTrue(small.has("bestRidgeRisk"), "summary JSON has the GD/KRR best values");
    }

    @Test
    void zeroKernelAndValidation() {
        EarlyStoppingResult res = EarlyStopping.builder().setKernel(new double[2][2]).setY(new double[] {1, 2})
                .setSigma(1).optTLimit(1000).optHorizon(0).build().compute();
        assertEquals(0.0, res.criticalRadius(), 0.0, "zero spectrum: radius 0");
        assertTrue(res.tMaxLimitReached(), "zero spectrum: never stops");
        assertEquals(1000, res.tMax(), "T_max reported as the limit");
        assertEquals(0, res.trainMse().length, "horizon 0: no curves");
        assertNull(res.comparison(), "no fStar: no comparison");
        assertTrue(res.toJson().contains("\"etaCritical\":null"), "infinite eta_critical as null");

        double[][] k = {{1, 0}, {0, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.builder().setKernel(k).setY(new double[] {1, 2}).build());
        assertTrue(e.getMessage().startsWith("sigma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.builder().setKernel(k).setY(new double[] {1}).setSigma(1).build());
        assertTrue(e.getMessage().startsWith("y"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.builder().setKernel(new double[][] {{1, 0}}).setY(new double[] {1}).setSigma(1).build());
        assertTrue(e.getMessage().startsWith("kernel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.builder().setKernel(k).setY(new double[] {1, 2}).setSigma(1).optEta(2.5)
                        .build().compute());
        assertTrue(e.getMessage().startsWith("eta") && e.getMessage().contains("diverges"), e.getMessage());
    }
}
