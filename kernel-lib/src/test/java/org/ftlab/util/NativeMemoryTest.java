package org.ftlab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

  /**
   * The behaviour the setting exists for: 2 MiB tensors interleaved with small survivors, freed.
   * With glibc's dynamic threshold (raised here on purpose by freeing a 16 MiB tensor first) the
   * 2 MiB blocks come from an arena and their memory stays resident behind the survivors; with
   * the threshold fixed each block is unmapped on close. 120 blocks = 240 MiB; tolerance 60 MiB.
   */
  @Test
  void closedTensorsLeaveTheProcess() {
    String state = NativeMemory.configure();
    assumeTrue(state.startsWith("glibc"), "glibc only: " + state);
    try (NDManager m = NDManager.newBaseManager()) {
      m.ones(new Shape(4L << 20)).close(); // 16 MiB: would raise a dynamic threshold to 16 MiB
      List<NDArray> small = new ArrayList<>();
      List<NDArray> big = new ArrayList<>();
      long before = ProcessMemory.rssBytes();
      for (int i = 0; i < 120; i++) {
        big.add(m.ones(new Shape(512L * 1024))); // 2 MiB of float32, pages touched
        small.add(m.ones(new Shape(16)));
      }
      long full = ProcessMemory.rssBytes();
      big.forEach(NDArray::close);
      long after = ProcessMemory.rssBytes();
      assertTrue(full - before > 200L << 20, "the blocks were resident: +" + (full - before));
      assertTrue(after - before < 60L << 20, "RSS after closing the blocks is "
          + (after - before) / (1 << 20) + " MiB above the start (" + state + ")");
      small.forEach(NDArray::close);
    }
  }

  @Test
  void configureRunsOnceAndReportsWhatItDid() {
    String first = NativeMemory.configure();
    assertEquals(first, NativeMemory.configure());
    assertEquals(first, NativeMemory.state());
    assertTrue(first.startsWith("glibc") || first.startsWith("unchanged")
        || first.startsWith("left to the environment"), first);
  }
}
