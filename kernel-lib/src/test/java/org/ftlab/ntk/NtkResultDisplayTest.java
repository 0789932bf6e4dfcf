package org.ftlab.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Map;
import org.ftlab.model.AttentionNetwork;
import org.ftlab.notebook.MimeBundle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.junit.jupiter.api.Test;

/** NtkResult as a notebook result: eigenvalues consistent with K, two charts, an HTML summary. */
class NtkResultDisplayTest {
    @Test
    void eigenvaluesMatchTraceAndFrobeniusNormAndChartsShowThem() {
        NtkResult r;
        try (AttentionNetwork net = NtkTestSupport.tinyAttention(DataType.FLOAT64);
                NDManager m = NDManager.newBaseManager()) {
            r = EmpiricalNtk.builder().setModel(net)
                    .setInputs(NtkTestSupport.inputs(m, 7, 4, 3, 1, DataType.FLOAT64)).build()
                    .compute();
        }
        double[] ev = r.eigenvalues();
        double[][] k = r.kernel();
        double sum = 0;
        double sumSq = 0;
        double fro2 = 0;
        for (int i = 0; i < ev.length; i++) {
            sum += ev[i];
            sumSq += ev[i] * ev[i];
            if (i > 0) {
                assertTrue(ev[i] <= ev[i - 1], "descending");
            }
            for (double v : k[i]) {
                fro2 += v * v;
            }
        }
        assertEquals(r.trace(), sum, 1e-12 * r.trace(), "sum of eigenvalues = tr K");
        assertEquals(fro2, sumSq, 1e-12 * fro2, "sum of squared eigenvalues = ||K||_F^2");

        List<Chart<?, ?>> charts = r.charts();
        assertEquals(2, charts.size(), "heat map and spectrum");
        XYChart spectrum = (XYChart) charts.get(1);
        double[] y = spectrum.getSeries("lambda_k").getYData();
        for (int i = 0; i < y.length; i++) {
            assertEquals(ev[i], y[i], 0.0, "plotted eigenvalue " + i);
        }
        assertTrue(spectrum.getStyler().isYAxisLogarithmic(), "log-log spectrum");
        Map<String, String> bundle = MimeBundle.of(r);
        String html = bundle.get(MimeBundle.HTML);
        assertEquals(2, html.split("<img", -1).length - 1, "two inline charts in: " + html.length());
        assertTrue(html.contains("P (parameters in J)</td><td>" + r.parameterCount()), "P shown");
        assertTrue(bundle.containsKey(MimeBundle.PNG), "first chart as PNG");
    }
}
