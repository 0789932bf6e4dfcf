package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.util.List;
import org.ftlab.util.Json;

/**
 * {@code ./ftlab doctor}: checks that the installation works offline (Java, DJL with its PyTorch
 * engine and autograd) and prints what it found.
 */
final class DoctorCommand implements Command {
  @Override
  public String name() {
    return "doctor";
  }

  @Override
  public String summary() {
    return "check the installation: Java, DJL/PyTorch offline, autograd";
  }

  @Override
  public String example() {
    return "doctor";
  }

  @Override
  public List<Option> options() {
    return List.of();
  }

  @Override
  public void run(Args args, PrintStream out) {
    Json j = Json.object();
    j.put("java", System.getProperty("java.version"));
    j.put("cores", Runtime.getRuntime().availableProcessors());
    j.put("maxHeapMB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    j.put("djlOffline", String.valueOf(System.getenv("DJL_OFFLINE")));
    Engine e = Engine.getInstance();
    j.put("engine", e.getEngineName() + " " + e.getVersion());
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1f, -2f, 3f});
      w.setRequiresGradient(true);
      try (var gc = e.newGradientCollector()) {
        NDArray loss = w.mul(w).sum();
        gc.backward(loss);
      }
      float[] g = w.getGradient().toFloatArray();
      boolean ok = g[0] == 2f && g[1] == -4f && g[2] == 6f;
      j.put("autogradCheck", ok ? "d/dw sum(w^2) = 2w: ok" : "WRONG: " + java.util.Arrays.toString(g));
      if (!ok) {
        throw new IllegalStateException("autograd check failed: " + java.util.Arrays.toString(g));
      }
    }
    out.println(j);
  }
}
