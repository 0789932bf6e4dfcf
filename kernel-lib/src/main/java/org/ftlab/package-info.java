/**
 * ftlab: reproducing Sun &amp; Raskutti (early stopping and the empirical NTK for fine-tuning) and
 * Fu et al. (stability of fine-tuning) on the JVM.
 *
 * <p>One package per concept of the papers: {@code model}, {@code ntk}, {@code spectrum},
 * {@code stopping}, {@code taskvector}, {@code stability}, {@code data}, {@code plot},
 * {@code notebook} and {@code cli}.
 */
package org.ftlab;
