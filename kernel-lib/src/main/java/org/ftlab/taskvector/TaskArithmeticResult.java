package org.ftlab.taskvector;

import org.ftlab.report.Displayable;
import org.ftlab.report.HtmlTable;
import org.ftlab.plot.Plots;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;

import java.util.ArrayList;
import java.util.List;

/**
 * Measurements of {@link TaskArithmetic}. MSEs are {@code ||f − f_t||²} on noiseless test inputs
 * of task {@code t}; arrays indexed {@code [model task][evaluated task]} follow {@link
 * TaskArithmetic#TASKS}.
 */
public final class TaskArithmeticResult implements Displayable {

    private final String[] tasks;
    private final double[][] cosine;
    private final double[][] overlap;
    private final double[][] ptMse;
    private final double[][] ftMse;
    private final double[][] negMse;
    private final double negationLambda;
    private final double[] lambdas;
    private final double[][][] sweep;
    private final double[] norms;

    TaskArithmeticResult(String[] tasks, double[][] cosine, double[][] overlap, double[][] ptMse,
            double[][] ftMse, double[][] negMse, double negationLambda, double[] lambdas,
            double[][][] sweep, double[] norms) {
        this.tasks = tasks;
        this.cosine = cosine;
        this.overlap = overlap;
        this.ptMse = ptMse;
        this.ftMse = ftMse;
        this.negMse = negMse;
        this.negationLambda = negationLambda;
        this.lambdas = lambdas;
        this.sweep = sweep;
        this.norms = norms;
    }

    /** @return cosine similarities {@code <τ_s, τ_t>/(||τ_s|| ||τ_t||)} */
    public double[][] cosine() {
        return copy(cosine);
    }

    /** @return kernel overlap {@code ρ} of {@link KernelOverlap} at {@code θ_PT} */
    public double[][] kernelOverlap() {
        return copy(overlap);
    }

    /**
     * @param t task index
     * @return MSE of {@code f_PT} on task {@code t}
     */
    public double pretrainedMse(int t) {
        return ptMse[0][t];
    }

    /**
     * @param t task index
     * @return MSE of {@code f_FT,t} on task {@code t}
     */
    public double fineTunedMse(int t) {
        return ftMse[t][t];
    }

    /**
     * @param t task index
     * @return MSE of {@code f_neg,t = f(θ_PT − λ τ_t)} on task {@code t} (Corollary 1)
     */
    public double negatedMse(int t) {
        return negMse[t][t];
    }

    /**
     * @param t task whose vector is negated
     * @param s task evaluated
     * @return MSE of {@code f(θ_PT − λ τ_t)} on task {@code s}
     */
    public double negatedMse(int t, int s) {
        return negMse[t][s];
    }

    /** @return the addition coefficients {@code λ} */
    public double[] lambdas() {
        return lambdas.clone();
    }

    /**
     * @param overlapping false: pair (A, B) on disjoint inputs; true: pair (C, D)
     * @param second false: first task of the pair; true: second
     * @return MSE of {@code f(θ_PT + λ(τ_1 + τ_2))} on that task, per {@code λ}
     */
    public double[] additionMse(boolean overlapping, boolean second) {
        return sweep[overlapping ? 1 : 0][second ? 1 : 0].clone();
    }

    /**
     * @param overlapping which pair
     * @param second which task of the pair
     * @return MSE at {@code λ = 1} divided by that of the task's own fine-tuned model (1 = as
     *     good as single-task fine-tuning); NaN if 1 is not in the sweep
     */
    public double additionRatio(boolean overlapping, boolean second) {
        for (int l = 0; l < lambdas.length; l++) {
            if (lambdas[l] == 1.0) {
                int t = (overlapping ? 2 : 0) + (second ? 1 : 0);
                return sweep[overlapping ? 1 : 0][second ? 1 : 0][l] / fineTunedMse(t);
            }
        }
        return Double.NaN;
    }

    /** Two decimals, so that the heat-map cells print short labels. */
    private static double[][] rounded(double[][] m) {
        double[][] c = copy(m);
        for (double[] row : c) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.round(row[j] * 100) / 100.0;
            }
        }
        return c;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    @Override
    public String summaryText() {
        return String.format("TaskArithmetic{cos(A,B)=%.3f, cos(C,D)=%.3f, ρ(A,B)=%.3f, "
                + "ρ(C,D)=%.3f, addition MSE/FT at λ=1: A %.2f, B %.2f, C %.2f, D %.2f}",
                cosine[0][1], cosine[2][3], overlap[0][1], overlap[2][3],
                additionRatio(false, false), additionRatio(false, true),
                additionRatio(true, false), additionRatio(true, true));
    }

    @Override
    public String toString() {
        return summaryText();
    }

    @Override
    public String summaryHtml() {
        List<String[]> rows = new ArrayList<>();
        for (int t = 0; t < tasks.length; t++) {
            int partner = t ^ 1;
            rows.add(new String[] {tasks[t], HtmlTable.num(norms[t]),
                HtmlTable.num(pretrainedMse(t)), HtmlTable.num(fineTunedMse(t)),
                HtmlTable.num(negatedMse(t)), negatedMse(t) > fineTunedMse(t) ? "yes" : "no",
                HtmlTable.num(negatedMse(t, partner)) + " (f_PT " + HtmlTable.num(
                        pretrainedMse(partner)) + ")"});
        }
        String neg = HtmlTable.of("Task vectors and negation θ_PT − " + negationLambda
                + "·τ (test MSE vs noiseless targets)", new String[] {"task", "||τ||",
                    "MSE f_PT", "MSE f_FT", "MSE f_neg", "Cor. 1: f_neg > f_FT?",
                    "f_neg on partner task"}, rows);
        List<String[]> add = new ArrayList<>();
        String[] pair = {"A+B (disjoint inputs)", "C+D (shared inputs)"};
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                int t = 2 * p + q;
                add.add(new String[] {pair[p], tasks[t],
                    String.format("%.3f / %.3f", cosine[2 * p][2 * p + 1],
                            overlap[2 * p][2 * p + 1]),
                    HtmlTable.num(pretrainedMse(t)), HtmlTable.num(fineTunedMse(t)),
                    HtmlTable.num(fineTunedMse(t) * additionRatio(p == 1, q == 1)),
                    String.format("%.2f", additionRatio(p == 1, q == 1))});
            }
        }
        String sum = HtmlTable.of("Addition θ_PT + τ_1 + τ_2 (eq. 25)", new String[] {"pair",
            "task", "cos(τ1,τ2) / ρ", "MSE f_PT", "MSE own f_FT", "MSE multitask",
            "multitask / own FT"}, add);
        return neg + "<br>" + sum;
    }

    @Override
    public List<Chart<?, ?>> charts() {
        List<Chart<?, ?>> charts = new ArrayList<>();
        String axis = "task (0 = A, 1 = B, 2 = C, 3 = D)";
        // explicit colour range a little wider than the values: XChart 4.0.3 indexes past its
        // colour array for a value at (or rounding above) the computed maximum
        var cos = Plots.heatmap("Cosine similarity of task vectors", rounded(cosine), axis, axis);
        cos.getStyler().setMin(-1.001);
        cos.getStyler().setMax(1.001);
        charts.add(cos);
        var rho = Plots.heatmap("Kernel overlap ρ at θ_PT", rounded(overlap), axis, axis);
        rho.getStyler().setMin(-0.001);
        rho.getStyler().setMax(1.001);
        charts.add(rho);
        XYChart c = Plots.xy("Addition θ_PT + λ(τ1 + τ2): test MSE / MSE of own f_FT",
                "scaling coefficient λ", "MSE / MSE(own f_FT)");
        String[] names = {"A (pair A+B, disjoint)", "B (pair A+B, disjoint)",
            "C (pair C+D, shared)", "D (pair C+D, shared)"};
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                int t = 2 * p + q;
                double[] y = sweep[p][q].clone();
                for (int l = 0; l < y.length; l++) {
                    y[l] /= fineTunedMse(t);
                }
                var s = Plots.line(c, names[t], lambdas, y);
                s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
                if (p == 1) {
                    s.setLineStyle(SeriesLines.DASH_DASH);
                }
            }
        }
        charts.add(c);
        return charts;
    }
}
