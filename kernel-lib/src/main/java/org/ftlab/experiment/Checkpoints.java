package org.ftlab.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * Per-step results of long experiments, on disk, so a run that a time limit stopped (a Binder
 * session, a CI job) continues where it stopped. Layout:
 * {@code ROOT/EXPERIMENT/KEY/STEP.json}, where KEY hashes the options, the run size and the
 * library build (a step computed by other code is never reused). A file that cannot be read is
 * computed again, with one line on standard error.
 */
public final class Checkpoints {
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues()
      .create();
  private final Path root;

  /** A store under {@code root}. */
  public Checkpoints(Path root) {
    this.root = root;
  }

  /** The store's folder. */
  public Path root() {
    return root;
  }

  /**
   * The default folder: {@code FTLAB_CHECKPOINTS} if set ({@code off} disables checkpoints), else
   * {@code $FTLAB_HOME/build/checkpoints}, else {@code ~/.cache/ftlab/checkpoints}.
   */
  public static Path defaultRoot() {
    String env = System.getenv("FTLAB_CHECKPOINTS");
    if (env != null && !env.isBlank()) {
      return "off".equalsIgnoreCase(env.trim()) ? null : Path.of(env.trim());
    }
    String home = System.getenv("FTLAB_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home, "build", "checkpoints");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "ftlab", "checkpoints");
  }

  /** The key of a run: sha256 of the options text, the run size and the library build. */
  static String key(String optionsText, RunMode mode) {
    return sha256(optionsText + "\n" + mode.label() + "\n" + RunInfo.codeVersion())
        .substring(0, 16);
  }

  <T> T step(String experiment, String runKey, String step, Class<T> type, Callable<T> compute)
      throws Exception {
    if (!step.matches("[A-Za-z0-9._=,-]+")) {
      throw new IllegalArgumentException("checkpoint step '" + step
          + "': use letters, digits and . _ = , - only");
    }
    Path dir = root.resolve(experiment).resolve(runKey);
    Path file = dir.resolve(step + ".json");
    if (Files.isRegularFile(file)) {
      try {
        T v = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
        if (v != null) {
          return v;
        }
      } catch (IOException | JsonParseException e) {
        System.err.println("ftlab: checkpoint " + file + " is unreadable ("
            + e.getClass().getSimpleName() + "); computing that step again");
      }
    }
    T v = compute.call();
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, step, ".tmp");
      Files.writeString(tmp, GSON.toJson(v), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("ftlab: cannot write checkpoint " + file + " (" + e.getMessage()
          + "); the run goes on without it");
    }
    return v;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
