/**
 * Training loops of paper 1: full-batch gradient descent and minibatch SGD on the squared loss,
 * hold-out early stopping, pretraining from Gaussian initialisation (Assumption 4.7), fine-tuning
 * with a new head (§5.1) and linear probing (Remark 5.1), on seeded synthetic tasks.
 */
package org.ftlab.train;
