/**
 * Datasets of the two papers: typed, checksum-verified, strictly parsed loaders for the copies shipped
 * in the top-level {@code datasets/} folder, plus seeded sampling.
 *
 * <ul>
 *   <li>Paper 1 (Sun &amp; Raskutti, §7 and appendix A.1, Tables 1-2): STS-B, STS-2012, SemRel2024
 *       (user-supplied, {@link org.ftlab.data.SemRel}), RTE, MRPC, CR, SentEval-CR, Amazon polarity.</li>
 *   <li>Paper 2 (Fu et al., §4.1): CoLA, MRPC, RTE, CB, WSC, SST-2, WNLI (GLUE/SuperGLUE dev sets stand in
 *       for the hidden-label test sets, as in the paper).</li>
 * </ul>
 *
 * <p>Public API: {@link org.ftlab.data.Datasets} (load, sample, holdOut), {@link org.ftlab.data.Dataset},
 * {@link org.ftlab.data.Example}, {@link org.ftlab.data.Split}, {@link org.ftlab.data.TaskType},
 * {@link org.ftlab.data.LineNote}, {@link org.ftlab.data.SemRel}. Provenance and terms of each dataset:
 * {@code datasets/README.md} and {@code datasets/<NAME>/README.md}.
 */
package org.ftlab.data;
