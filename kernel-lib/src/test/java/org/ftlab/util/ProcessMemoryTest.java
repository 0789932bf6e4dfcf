package org.ftlab.util;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** VmHWM and VmRSS from /proc/self/status: the peak bounds the current value and sees new pages. */
class ProcessMemoryTest {
  @Test
  void peakBoundsCurrentAndGrowsWhenPagesAreTouched() {
    long rss = ProcessMemory.rssBytes();
    long peak = ProcessMemory.peakRssBytes();
    assertTrue(rss > 0, "VmRSS read: " + rss);
    assertTrue(peak >= rss, "VmHWM " + peak + " >= VmRSS " + rss);
    long before = ProcessMemory.rssBytes();
    ByteBuffer b = ByteBuffer.allocateDirect(64 << 20); // off-heap: new pages, not the JVM heap
    for (int i = 0; i < b.capacity(); i += 4096) {
      b.put(i, (byte) 1);
    }
    long after = ProcessMemory.rssBytes();
    assertTrue(after - before >= 32L << 20,
        "touching 64 MiB of direct memory raises VmRSS by >= 32 MiB: " + (after - before));
    assertTrue(ProcessMemory.peakRssBytes() >= after, "VmHWM >= VmRSS after growth");
    assertTrue(b.get(4096) == 1, "buffer kept alive");
  }
}
