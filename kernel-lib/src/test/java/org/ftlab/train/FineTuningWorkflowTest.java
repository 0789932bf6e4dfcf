package org.ftlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.ParameterSnapshot;
import org.junit.jupiter.api.Test;

/**
 * The pipeline of paper 1 on synthetic tasks: pretrain f_PT from Gaussian initialisation on a
 * source task (Assumption 4.7), then fine-tune on a related target task, either the whole network
 * (§4.2), or blocks 1..k with a new Gaussian head (§5.1, Theorem 2), or the head alone (linear
 * probing, Remark 5.1).
 */
class FineTuningWorkflowTest {

    private static AttentionNetwork.Builder student() {
        return AttentionNetwork.builder().setWidth(16).setHeads(2).setLayers(2).setSeqLength(4)
                .setInputDim(3).optDataType(DataType.FLOAT64);
    }

    @Test
    void pretrainThenFineTune() {
        try (AttentionNetwork teacher = student().setWidth(8).optSigmaOut(3).optSeed(100).build();
                AttentionNetwork targetTeacher = SyntheticTasks.relatedTeacher(teacher, 0.05, 2);
                AttentionNetwork net = student().optSeed(7).build();
                AttentionNetwork scratch = student().optSeed(7).build();
                NDManager m = NDManager.newBaseManager()) {
            RegressionData src = SyntheticTasks.teacher(teacher, 96, 4, 3, 0.05, 1);
            RegressionData tgt = SyntheticTasks.teacher(targetTeacher, 40, 4, 3, 0.05, 3);
            NDArray xs = src.inputArray(m, DataType.FLOAT64);
            NDArray xt = tgt.subset(0, 30).inputArray(m, DataType.FLOAT64);
            NDArray xv = tgt.subset(30, 40).inputArray(m, DataType.FLOAT64);
            double[] yt = tgt.subset(0, 30).targets();
            double[] yv = tgt.subset(30, 40).targets();

            TrainingHistory pre = Trainer.builder().setModel(net).setTrainingData(xs,
                    src.targets()).setLearningRate(0.05).setSteps(150).optEvaluateEvery(50)
                    .build().train();
            double[] l = pre.trainLoss();
            assertTrue(l[l.length - 1] < 0.5 * l[0],
                    "pretraining halves the source MSE: " + l[0] + " -> " + l[l.length - 1]);

            double atPt = Trainer.mse(net, xt, m.create(yt), m);
            double atInit = Trainer.mse(scratch, xt, m.create(yt), m);
            assertTrue(atPt < atInit, "related target task: f_PT starts closer (MSE " + atPt
                    + ") than the Gaussian initialisation (" + atInit + ")");

            // §5.1: blocks 1..1 of f_PT plus a Gaussian head, fine-tuned with hold-out stopping
            try (AttentionNetwork ft = net.withNewHead(1, 11);
                    AttentionNetwork probe = net.withNewHead(1, 11)) {
                ParameterSnapshot backbone = ParameterSnapshot.of(probe);
                TrainingHistory h = Trainer.builder().setModel(ft).setTrainingData(xt, yt)
                        .setLearningRate(0.05).setSteps(200).optValidationData(xv, yv)
                        .optEarlyStopping(20).build().train();
                double[] v = h.validationLoss();
                assertTrue(h.trainLoss()[h.trainLoss().length - 1] < h.trainLoss()[0],
                        "fine-tuning lowers the target training loss");
                assertTrue(v[h.bestStep()] <= v[0], "best hold-out loss no worse than at start");

                TrainingHistory lp = Trainer.builder().setModel(probe).setTrainingData(xt, yt)
                        .setLearningRate(0.05).setSteps(100).optEvaluateEvery(100)
                        .optTrainableParameters(name -> name.startsWith("head.")).build().train();
                assertTrue(lp.finalTrainLoss() < lp.trainLoss()[0], "linear probing lowers loss");
                ParameterSnapshot after = ParameterSnapshot.of(probe);
                for (String name : backbone.names()) {
                    if (!name.startsWith("head.")) {
                        assertEquals(0.0, distance(backbone.values(name), after.values(name)),
                                0.0, "linear probing leaves " + name + " unchanged");
                    }
                }
            }
        }
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
