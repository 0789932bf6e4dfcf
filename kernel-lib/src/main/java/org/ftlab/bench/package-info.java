/** Benchmarks printing tables of time and memory; run by hand, never asserted in tests. */
package org.ftlab.bench;
