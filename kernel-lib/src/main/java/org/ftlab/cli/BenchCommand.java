package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.ftlab.bench.NtkBenchmark;

/**
 * {@code ./ftlab bench [--n 50,100,200] [--width 64,128,256]}: runs {@link NtkBenchmark} (seconds
 * and peak resident memory of the empirical NTK, exact and sketched, for the attention network of
 * paper 1 §3.2) and prints its table. Timings depend on the machine's load.
 */
final class BenchCommand implements Command {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "benchmark the empirical NTK (seconds, peak RSS) over N x width; prints a table";
  }

  @Override
  public String example() {
    return "bench --n 50,100 --width 64,128   |   bench --model minilm --n 100";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.of("n", Option.Kind.STRING, "",
            "comma-separated sample counts N (default 50,100,200; minilm/bge: 100)"),
        Option.of("width", Option.Kind.STRING, "64,128,256", "comma-separated widths d"),
        Option.of("modes", Option.Kind.STRING, "exact,sketch", "comma-separated: exact, sketch"),
        Option.of("layers", Option.Kind.POSITIVE_INT, "2", "attention layers L"),
        Option.of("heads", Option.Kind.POSITIVE_INT, "4", "heads H"),
        Option.of("seq", Option.Kind.POSITIVE_INT, "16", "sequence length T"),
        Option.of("input-dim", Option.Kind.POSITIVE_INT, "16", "token dimension d0"),
        Option.of("sketch-dim", Option.Kind.POSITIVE_INT, "256", "sketch dimension D"),
        Option.of("budget-mb", Option.Kind.STRING, "",
            "gradient buffer budget in MiB (default 256; minilm/bge: 1024)"),
        Option.of("threads", Option.Kind.STRING, "",
            "PyTorch intra-op threads (default 1; minilm/bge: 2)"),
        Option.of("model", Option.Kind.STRING, "attn",
            "attn (the attention network of paper 1 §3.2) or a pretrained encoder: minilm, bge"),
        Option.of("data", Option.Kind.STRING, "rte", "encoder only: task whose train split is used"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "32", "encoder only: tokens per input"),
        Option.of("layers-trained", Option.Kind.STRING, "all",
            "encoder only: 'all' or head + last K layers"),
        Option.of("methods", Option.Kind.STRING, "layer-gram",
            "encoder only: layer-gram and/or per-sample (slow: one pass per sample)"));
  }

  @Override
  public void run(Args a, PrintStream out) {
    List<String> argv = new ArrayList<>();
    for (Option o : options()) {
      String v = a.string(o.name());
      if (o.defaultValue().isEmpty() && v.isEmpty()) {
        continue; // NtkBenchmark's default, which depends on --model
      }
      argv.add("--" + o.name());
      argv.add(v);
    }
    try {
      NtkBenchmark.run(argv.toArray(new String[0]), out);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
