package org.ftlab.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * Where and with what a run happened: the git commit of the checkout, the CPU, the date, and a
 * version of the library's code (for checkpoints). Each value is looked up once.
 */
public final class RunInfo {
  private static volatile String commit;
  private static volatile String codeVersion;
  private static volatile String cpu;

  private RunInfo() {}

  /**
   * The commit of the checkout ({@code FTLAB_COMMIT}, else {@code git rev-parse --short HEAD} in
   * {@code FTLAB_HOME}), with {@code -dirty} when tracked files outside {@code results/} have
   * changes; "unknown" without git.
   */
  public static String commit() {
    String c = commit;
    if (c == null) {
      String env = System.getenv("FTLAB_COMMIT");
      if (env != null && !env.isBlank()) {
        c = env.trim();
      } else {
        String home = System.getenv("FTLAB_HOME");
        Path dir = Path.of(home == null || home.isBlank() ? "." : home);
        String head = git(dir, "rev-parse", "--short=10", "HEAD");
        if (head == null || head.isBlank()) {
          c = "unknown";
        } else {
          String status = git(dir, "status", "--porcelain", "--untracked-files=no", "--", ".",
              ":(exclude)results");
          c = head.trim() + (status != null && !status.isBlank() ? "-dirty" : "");
        }
      }
      commit = c;
    }
    return c;
  }

  private static String git(Path dir, String... args) {
    try {
      String[] cmd = new String[args.length + 3];
      cmd[0] = "git";
      cmd[1] = "-C";
      cmd[2] = dir.toString();
      System.arraycopy(args, 0, cmd, 3, args.length);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.getErrorStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** "AMD EPYC, 2 cores" from /proc/cpuinfo and the JVM. */
  public static String cpu() {
    String c = cpu;
    if (c == null) {
      String model = "unknown CPU";
      try {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
          if (line.startsWith("model name")) {
            model = line.substring(line.indexOf(':') + 1).trim();
            break;
          }
        }
      } catch (IOException e) {
        // keep "unknown CPU"
      }
      String isa = System.getenv("ATEN_CPU_CAPABILITY");
      c = model + ", " + Runtime.getRuntime().availableProcessors() + " cores"
          + (isa == null || isa.isBlank() ? "" : ", ATEN_CPU_CAPABILITY=" + isa);
      cpu = c;
    }
    return c;
  }

  /** Now, in UTC, to the second. */
  public static String now() {
    return ZonedDateTime.now(ZoneOffset.UTC).withNano(0)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /**
   * A version of the library's code: the sha256 of the jar the experiment classes came from, or
   * of the class folder's newest modification time when running from classes.
   */
  public static String codeVersion() {
    String v = codeVersion;
    if (v == null) {
      v = "unknown";
      try {
        var src = RunInfo.class.getProtectionDomain().getCodeSource();
        Path p = src == null ? null : Path.of(src.getLocation().toURI());
        if (p != null && Files.isRegularFile(p)) {
          try (InputStream in = Files.newInputStream(p)) {
            v = Checkpoints.sha256(in).substring(0, 16);
          }
        } else if (p != null && Files.isDirectory(p)) {
          try (var s = Files.walk(p)) {
            long newest = s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().lastModified())
                .max().orElse(0);
            v = "classes-" + newest;
          }
        }
      } catch (Exception e) {
        // "unknown": checkpoints then never match another build
        v = "unknown-" + System.nanoTime();
      }
      codeVersion = v;
    }
    return v;
  }
}
