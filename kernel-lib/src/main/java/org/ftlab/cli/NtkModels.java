package org.ftlab.cli;

import org.ftlab.options.Args;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.ftlab.model.AttentionNetwork;
import org.ftlab.model.DifferentiableModel;
import org.ftlab.train.RegressionData;
import org.ftlab.train.SyntheticTasks;

/**
 * The networks {@code ./ftlab ntk --model NAME} accepts, in one place: {@link #MODELS} maps each
 * name to a factory that builds the network and its inputs from the parsed arguments. To add a
 * model (e.g. {@code minilm}), add one entry here; the option's accepted list, the help text and
 * the error messages follow from {@link #names()}.
 */
final class NtkModels {
  private NtkModels() {}

  /** A network with its inputs, ready for {@code EmpiricalNtk}. */
  record Prepared(
      DifferentiableModel model,
      AutoCloseable resource,
      NDArray inputs,
      long parameterCount,
      int width,
      IntFunction<Predicate<String>> headAndLastBlocks,
      int blocks,
      String description) {}

  /** Builds a network and inputs; arrays go to {@code manager}, the network is closed by caller. */
  @FunctionalInterface
  interface Factory {
    Prepared prepare(Args args, NDManager manager);
  }

  /** Model name to factory, in help order. */
  static final Map<String, Factory> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("attn", NtkModels::attention);
  }

  /** Accepted values of {@code --model}. */
  static List<String> names() {
    return List.copyOf(MODELS.keySet());
  }

  /**
   * The attention network of paper 1, §3.2 ({@link AttentionNetwork}: {@code --layers} attention
   * layers of {@code --heads} heads, width {@code --width}, {@code d^G = d}, GELU, mean pooling and
   * a linear head), initialised from {@code --seed}; inputs from {@link SyntheticTasks#smooth} with
   * function seed {@code --seed} and sample seed {@code --seed + 1} (i.i.d. N(0,1) tokens).
   */
  static Prepared attention(Args a, NDManager manager) {
    DataType type = "float64".equals(a.string("dtype")) ? DataType.FLOAT64 : DataType.FLOAT32;
    AttentionNetwork net = AttentionNetwork.builder().setWidth(a.integer("width"))
        .setHeads(a.integer("heads")).setLayers(a.integer("layers"))
        .setSeqLength(a.integer("seq")).setInputDim(a.integer("input-dim"))
        .optDataType(type).optSeed(a.longValue("seed")).build();
    try {
      RegressionData data = SyntheticTasks.smooth(a.integer("n"), a.integer("seq"),
          a.integer("input-dim"), 0.0, a.longValue("seed"), a.longValue("seed") + 1);
      NDArray x = data.inputArray(manager, type);
      return new Prepared(net, net, x, net.parameterCount(), net.width(),
          net::headAndLastBlocks, net.layers(), net.toString());
    } catch (RuntimeException e) {
      net.close();
      throw e;
    }
  }
}
