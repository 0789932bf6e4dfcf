/**
 * Training loops of paper 1: full-batch gradient descent and minibatch SGD on the squared loss,
 * hold-out early stopping, pretraining from Gaussian initialisation (Assumption 4.7), fine-tuning
 * with a new head (§5.1) and linear probing (Remark 5.1), on seeded synthetic tasks; fine-tuning of
 * pretrained encoders ({@link org.ftlab.train.EncoderFineTuner}, head at any layer k) and the learning
 * curves of §7.1 / Figures 2 and 10 ({@link org.ftlab.train.LearningCurves}, compared with the β
 * ranking by {@link org.ftlab.train.BetaRanking}).
 */
package org.ftlab.train;
