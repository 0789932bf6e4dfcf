package org.ftlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The list of experiments, in the order of
 * {@code META-INF/services/org.ftlab.experiment.Experiment} (paper 1, paper 2, then plain
 * computations): a new experiment is registered by adding its class name there.
 */
final class Registry {
  private Registry() {}

  static final List<Experiment<?, ?>> ALL = load();

  private static List<Experiment<?, ?>> load() {
    List<Experiment<?, ?>> out = new ArrayList<>();
    for (Experiment<?, ?> e : ServiceLoader.load(Experiment.class,
        Experiment.class.getClassLoader())) {
      out.add(e);
    }
    return List.copyOf(out);
  }
}
