package org.ftlab.experiment;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ftlab.util.Progress;

/**
 * What one run of an experiment knows besides its options: the run size, where progress goes and
 * where per-step results are checkpointed, so a run stopped by a time limit continues where it
 * stopped ({@link #step}).
 */
public final class RunContext {
  private final RunMode mode;
  private final Checkpoints checkpoints;
  private final boolean progress;

  private RunContext(RunMode mode, Checkpoints checkpoints, boolean progress) {
    this.mode = mode;
    this.checkpoints = checkpoints;
    this.progress = progress;
  }

  /**
   * A context for this run size with checkpoints in the default folder
   * ({@link Checkpoints#defaultRoot()}; none when {@code FTLAB_CHECKPOINTS=off}).
   */
  public static RunContext of(RunMode mode) {
    Path root = Checkpoints.defaultRoot();
    return new RunContext(mode, root == null ? null : new Checkpoints(root), true);
  }

  /** A context with checkpoints under {@code root} (null: none) and no progress lines. */
  public static RunContext quiet(RunMode mode, Path root) {
    return new RunContext(mode, root == null ? null : new Checkpoints(root), false);
  }

  /** The run size. */
  public RunMode mode() {
    return mode;
  }

  /** Whether long loops should show progress lines. */
  public boolean showsProgress() {
    return progress;
  }

  /** A progress line (silent in a quiet context). */
  public Progress progress(String task, long total) {
    return progress ? Progress.start(task, total) : Progress.silent(task, total);
  }

  /** The checkpoint store, or null when checkpoints are off. */
  public Checkpoints checkpoints() {
    return checkpoints;
  }

  Scope scope;

  /** The experiment and options a run's checkpoints belong to (set by {@link Experiments#run}). */
  record Scope(String experiment, String key) {}

  /**
   * One resumable step of a run (a seed, a sample size, a task): the value stored for this key in
   * this run's checkpoint folder, or {@code compute}'s value, stored before it is returned. The
   * value must be a JSON-serialisable type (records of numbers, strings, arrays and lists).
   * Without a checkpoint store (or outside {@link Experiments#run}) it simply computes.
   */
  public <T> T step(String key, Class<T> type, Callable<T> compute) throws Exception {
    if (checkpoints == null || scope == null) {
      return compute.call();
    }
    return checkpoints.step(scope.experiment(), scope.key(), key, type, compute);
  }
}
