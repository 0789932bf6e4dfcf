package org.ftlab.util;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * glibc's allocator setting for libtorch's tensors, so that freed tensors go back to the operating
 * system instead of staying in the process.
 *
 * <p>libtorch allocates CPU tensors with {@code malloc}. glibc serves blocks above its mmap
 * threshold with their own {@code mmap} and returns them on {@code free}; but the threshold is
 * dynamic: after such a block is freed it rises to that block's size (up to 32 MiB), and from then
 * on tensors of a few MiB come from the per-thread arenas, where freed memory stays resident. A
 * fine-tuning loop frees and re-allocates activations, gradients and temporaries of every size at
 * every step, so the arenas of a long notebook kept hundreds of MB that no tensor used: measured on
 * MiniLM full fine-tuning (CB, 2 seeds, CLI, 400 MB heap) the peak RSS was 1.42 GB with glibc's
 * default and 1.19 GB with the threshold fixed at 256 KiB (resident after evaluation 1.30 vs
 * 0.86 GB), for about 4 s more system time in 39 s; {@code MALLOC_ARENA_MAX=2} alone changed
 * nothing (1.45 GB).
 *
 * <p>{@link #configure()} fixes the threshold at {@link #MMAP_THRESHOLD_BYTES} through
 * {@code mallopt(M_MMAP_THRESHOLD, ...)} (which also switches the dynamic rise off), through JNA,
 * which DJL already depends on. It is called by the command line (and so by the notebook
 * one-liners), {@code PretrainedModels.load} (every encoder, in any kernel or plain Java program)
 * and {@code Ftlab.install()} / the JJava extension. A user's own {@code MALLOC_MMAP_THRESHOLD_} environment variable wins; other C libraries
 * and operating systems are left alone.
 */
public final class NativeMemory {
  /** 256 KiB: blocks of this size and above are mapped and unmapped on their own. */
  public static final int MMAP_THRESHOLD_BYTES = 256 * 1024;

  /** {@code M_MMAP_THRESHOLD} of glibc's {@code <malloc.h>}. */
  static final int M_MMAP_THRESHOLD = -3;

  private static String state;

  private NativeMemory() {}

  /** The C library functions used; glibc only. */
  interface LibC extends Library {
    int mallopt(int param, int value);

    int malloc_trim(long pad);

    String gnu_get_libc_version();
  }

  /**
   * Fixes glibc's mmap threshold (once per process; later calls return the first outcome).
   *
   * @return what was done, e.g. {@code "glibc 2.36: mmap threshold fixed at 262144 bytes"}, or why
   *     nothing was done (another OS or C library, the user's environment variable, JNA failure)
   */
  public static synchronized String configure() {
    if (state == null) {
      state = apply();
    }
    return state;
  }

  /** The outcome of {@link #configure()}, or null if it has not run. */
  public static synchronized String state() {
    return state;
  }

  /**
   * Returns free memory at the top and in the middle of every glibc arena to the operating system
   * ({@code malloc_trim(0)}).
   *
   * @return true if glibc released something; false if not, or on another C library
   */
  public static boolean trim() {
    LibC c = libc();
    try {
      return c != null && c.malloc_trim(0) == 1;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }

  private static String apply() {
    String env = System.getenv("MALLOC_MMAP_THRESHOLD_");
    if (env != null && !env.isBlank()) {
      return "left to the environment: MALLOC_MMAP_THRESHOLD_=" + env;
    }
    LibC c = libc();
    if (c == null) {
      return "unchanged: not Linux with glibc (" + System.getProperty("os.name") + ")";
    }
    try {
      String version = c.gnu_get_libc_version();
      if (c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) != 1) {
        return "unchanged: glibc " + version + " refused mallopt(M_MMAP_THRESHOLD)";
      }
      return "glibc " + version + ": mmap threshold fixed at " + MMAP_THRESHOLD_BYTES + " bytes";
    } catch (UnsatisfiedLinkError e) {
      return "unchanged: the C library has no glibc mallopt (" + e.getMessage() + ")";
    }
  }

  private static LibC libc() {
    if (!Platform.isLinux()) {
      return null;
    }
    try {
      return Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }
}
