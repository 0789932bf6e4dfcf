package org.ftlab.cli;

import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.util.List;
import org.ftlab.pretrained.BertEncoder;
import org.ftlab.pretrained.BertTokenizer;
import org.ftlab.pretrained.PretrainedModels;
import org.ftlab.pretrained.Tokenized;
import org.ftlab.util.Json;

/**
 * {@code ./ftlab encode --model minilm --text "..." [--text2 "..."]}: token ids and the pooled
 * sentence embedding of the pretrained encoder {@code f_PT} (paper 1, §3.1): mean pooling for
 * MiniLM, {@code [CLS]} for BGE, without L2 normalisation, and its Euclidean norm.
 */
final class EncodeCommand implements Command {
  @Override
  public String name() {
    return "encode";
  }

  @Override
  public String summary() {
    return "token ids and pooled embedding of a sentence (or pair) under a pretrained encoder";
  }

  @Override
  public String example() {
    return "encode --model minilm --text \"A man plays a guitar.\"";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.choice("model", "minilm", PretrainedModels.names(), "pretrained encoder"),
        Option.required("text", Option.Kind.STRING, "sentence (first of a pair)"),
        Option.of("text2", Option.Kind.STRING, "", "second sentence of a pair (type id 1)"),
        Option.of("max-length", Option.Kind.POSITIVE_INT, "128",
            "most tokens, [CLS]/[SEP] included, in [4, 512]"));
  }

  @Override
  public void run(Args args, PrintStream out) {
    String model = args.string("model");
    String text = args.string("text");
    if (text == null || text.isBlank()) {
      throw new UsageException("--text: empty");
    }
    try (BertTokenizer tok = PretrainedModels.tokenizer(model, args.integer("max-length"));
        NDManager m = NDManager.newBaseManager();
        BertEncoder enc = PretrainedModels.load(model, m)) {
      Tokenized t = args.has("text2")
          ? tok.encodePairs(List.of(text), List.of(args.string("text2"))) : tok.encode(text);
      float[] e = enc.embed(t, m).toFloatArray();
      double[] emb = new double[e.length];
      double norm = 0;
      for (int i = 0; i < e.length; i++) {
        emb[i] = e[i];
        norm += emb[i] * emb[i];
      }
      out.println(Json.object().put("model", enc.name()).put("pooling", enc.pooling().name())
          .put("pair", args.has("text2")).put("tokens", t.length())
          .put("ids", t.ids()[0]).put("typeIds", t.typeIds()[0])
          .put("dimension", emb.length).put("norm", Math.sqrt(norm)).put("embedding", emb));
    }
  }
}
