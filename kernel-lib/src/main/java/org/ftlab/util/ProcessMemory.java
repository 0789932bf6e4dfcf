package org.ftlab.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process as the Linux kernel reports it: the peak ({@code VmHWM}) and
 * current ({@code VmRSS}) lines of {@code /proc/self/status}. Includes the JVM heap, libtorch's
 * native buffers and everything else the process holds. Used by {@code ./ftlab ntk} and the
 * benchmarks.
 */
public final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** Peak resident set size ({@code VmHWM}) in bytes, or -1 where /proc is unavailable. */
  public static long peakRssBytes() {
    return bytes(statusKb("VmHWM:"));
  }

  /** Current resident set size ({@code VmRSS}) in bytes, or -1 where /proc is unavailable. */
  public static long rssBytes() {
    return bytes(statusKb("VmRSS:"));
  }

  /**
   * Resets {@code VmHWM} to the current RSS (Linux &gt;= 4.0, writing 5 to
   * {@code /proc/self/clear_refs}) after a garbage collection.
   *
   * @return false if the kernel does not allow it (then the peak keeps covering earlier work)
   */
  public static boolean resetPeak() {
    System.gc();
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static long bytes(long kb) {
    return kb < 0 ? -1 : kb * 1024L;
  }

  /** The value in kB of a {@code /proc/self/status} line, or -1. */
  private static long statusKb(String key) {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
