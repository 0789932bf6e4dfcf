/**
 * Pretrained BERT encoders with autograd: the {@code f_PT} whose per-sample gradients give the
 * empirical NTK of Sun &amp; Raskutti (paper 1, eq. (14) and (18)) and whose fine-tuning paper 2
 * (Fu et al.) studies.
 *
 * <p>Public API: {@link org.ftlab.pretrained.PretrainedModels} (load a model or its tokenizer by
 * name), {@link org.ftlab.pretrained.BertEncoder} (forward, pooling, named parameters, gradients),
 * {@link org.ftlab.pretrained.BertTokenizer}, {@link org.ftlab.pretrained.Tokenized},
 * {@link org.ftlab.pretrained.Pooling}, and {@link org.ftlab.pretrained.ScalarHeadModel} (an encoder
 * with a seeded Gaussian scalar head as an {@link org.ftlab.model.DifferentiableModel}, with
 * parameter subsets, for the NTK of §7.1).
 *
 * <p>Weights come unchanged from Maven Central jars: all-MiniLM-L6-v2 (Apache-2.0,
 * sentence-transformers) and bge-small-en-v1.5 (MIT, BAAI), both as ONNX exports by Xenova inside
 * LangChain4j's embedding jars. Provenance, licences and measured checks: {@code MODELS.md} in
 * this package's resources.
 */
package org.ftlab.pretrained;
