package org.ftlab.theory;

import org.knowm.xchart.XYChart;

import java.awt.Color;

/** Chart details shared by the results of this package. */
final class Charts {

    static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728),
        new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)};

    private Charts() {}

    /**
     * Widens log axes to whole decades around the data, so that XChart (which labels decades
     * only) always prints tick labels.
     */
    static void decades(XYChart c, boolean x, double[]... values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] v : values) {
            for (double d : v) {
                if (d > 0 && Double.isFinite(d)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        if (!(lo <= hi)) {
            return;
        }
        double min = Math.pow(10, Math.floor(Math.log10(lo)));
        double max = Math.pow(10, Math.ceil(Math.log10(hi)));
        if (max <= min) {
            max = min * 10;
        }
        if (x) {
            c.getStyler().setXAxisMin(min);
            c.getStyler().setXAxisMax(max);
        } else {
            c.getStyler().setYAxisMin(min);
            c.getStyler().setYAxisMax(max);
        }
    }
}
