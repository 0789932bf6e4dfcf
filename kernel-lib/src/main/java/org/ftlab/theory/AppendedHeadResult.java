package org.ftlab.theory;

import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import org.ftlab.plot.Plots;
import org.ftlab.theory.AppendedHead.Method;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.ArrayList;
import java.util.List;

/** Test errors of {@link AppendedHead}: per method and {@code N_2}, mean ± sd over seeds. */
public final class AppendedHeadResult implements Displayable {

    private final int[] sizes;
    private final int seeds;
    private final int kept;
    private final int layers;
    private final int width;
    private final double[][][] error;

    AppendedHeadResult(int[] sizes, int seeds, int kept, int layers, int width,
            double[][][] error) {
        this.sizes = sizes;
        this.seeds = seeds;
        this.kept = kept;
        this.layers = layers;
        this.width = width;
        this.error = error;
    }

    /** @return the sample sizes {@code N_2} */
    public int[] sampleSizes() {
        return sizes.clone();
    }

    /**
     * @param method a procedure
     * @return mean test error {@code ||f − f_tgt||²} per {@code N_2}
     */
    public double[] testError(Method method) {
        double[] r = new double[sizes.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = SyntheticSetup.mean(error[method.ordinal()][i]);
        }
        return r;
    }

    private double[] sd(Method method) {
        double[] r = new double[sizes.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = SyntheticSetup.sd(error[method.ordinal()][i]);
        }
        return r;
    }

    @Override
    public String summaryText() {
        StringBuilder sb = new StringBuilder("AppendedHead{k=" + kept + " of " + layers
                + " blocks, width " + width + ", seeds " + seeds);
        for (Method m : Method.values()) {
            sb.append(", ").append(m).append('=').append(java.util.Arrays.toString(
                    java.util.Arrays.stream(testError(m)).mapToObj(HtmlTable::num)
                            .toArray()));
        }
        return sb.append('}').toString();
    }

    @Override
    public String toString() {
        return summaryText();
    }

    @Override
    public String summaryHtml() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            String[] r = new String[Method.values().length + 1];
            r[0] = String.valueOf(sizes[i]);
            for (Method m : Method.values()) {
                r[m.ordinal() + 1] = HtmlTable.num(testError(m)[i]) + " ± "
                        + HtmlTable.num(sd(m)[i]);
            }
            rows.add(r);
        }
        return HtmlTable.of("§5.1: blocks 1.." + kept + " of f_PT + Gaussian head (width " + width
                + ", " + seeds + " seeds): test ||f − f_tgt||², mean ± sd",
                new String[] {"N_2", "fine-tune all (§5.1)", "linear probing (Rem. 5.1)",
                    "from scratch", "f_PT, no fine-tuning"}, rows);
    }

    @Override
    public List<Chart<?, ?>> charts() {
        XYChart c = Plots.logLog("Appended head: test error vs N_2", "N_2 (training samples)",
                "||f − f_tgt||² on test inputs");
        double[] x = WidthScalingResult.doubles(sizes);
        String[] names = {"fine-tune all", "linear probing", "from scratch", "f_PT (reference)"};
        for (Method m : Method.values()) {
            if (sizes.length > 1) {
                Plots.line(c, names[m.ordinal()], x, testError(m))
                        .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
            } else {
                Plots.points(c, names[m.ordinal()], x, testError(m));
            }
        }
        Charts.decades(c, true, x);
        double[][] all = new double[Method.values().length][];
        for (Method m : Method.values()) {
            all[m.ordinal()] = testError(m);
        }
        Charts.decades(c, false, all);
        return List.of(c);
    }
}
