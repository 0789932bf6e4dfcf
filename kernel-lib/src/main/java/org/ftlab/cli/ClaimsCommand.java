package org.ftlab.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ftlab.claims.Claim;
import org.ftlab.claims.Verdict;
import org.ftlab.experiment.Experiment;
import org.ftlab.experiment.Experiments;
import org.ftlab.experiment.Ledger;
import org.ftlab.experiment.LedgerEntry;
import org.ftlab.experiment.RunMode;
import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;
import org.ftlab.util.Json;

/**
 * {@code ./ftlab claims [--mode M] [--only P1-C3,...] [--json] [--no-run] [--diff FILE]}: runs the
 * experiments behind the claims (all, or those of {@code --only}), stores each claim in
 * {@code --store} (default {@code results/claims/}) and prints the ledger assembled from the
 * stored files; {@code --markdown FILE} also writes the Markdown ledger, {@code --diff FILE} lists
 * the verdicts that differ from an earlier Markdown ledger. Experiments run in this process one
 * after another, each in its own checkpoint folder, so a stopped run continues where it stopped.
 */
final class ClaimsCommand implements Command {
  @Override
  public String name() {
    return "claims";
  }

  @Override
  public String summary() {
    return "run the experiments behind every claim of both papers and print the reproduction "
        + "ledger (verdicts with intervals)";
  }

  @Override
  public String example() {
    return "claims --mode quick --only P1-X4,P1-X5 --json";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.choice("mode", RunMode.current().label(), List.of("quick", "standard", "full"),
            "run size of every experiment"),
        Option.of("only", Option.Kind.STRING, "", "comma-separated claim ids (default: all)"),
        Option.flag("json", "print the ledger as JSON instead of a table"),
        Option.flag("no-run", "run nothing: assemble the ledger from the stored claims"),
        Option.of("store", Option.Kind.PATH, Ledger.defaultDir().toString(),
            "folder of stored claims (one ID.json each)"),
        Option.of("markdown", Option.Kind.PATH, "", "also write the Markdown ledger here"),
        Option.of("diff", Option.Kind.PATH, "", "list verdicts that differ from this earlier "
            + "Markdown ledger (e.g. results/REPRODUCTION.md)"));
  }

  @Override
  public void run(Args args, PrintStream out) throws Exception {
    Path store = args.path("store");
    RunMode mode = RunMode.parse(args.string("mode"));
    Set<String> only = new LinkedHashSet<>();
    for (String s : args.string("only").split(",")) {
      if (!s.isBlank()) {
        only.add(s.trim());
      }
    }
    List<Experiment<?, ?>> todo = new ArrayList<>();
    if (only.isEmpty()) {
      todo.addAll(Experiments.withClaims());
    } else {
      for (String id : only) {
        Experiment<?, ?> e = Experiments.ofClaim(id);
        if (!todo.contains(e)) {
          todo.add(e);
        }
      }
    }
    Path diffFile = args.path("diff");
    Map<String, Verdict> before = null;
    if (diffFile != null) {
      if (!Files.isRegularFile(diffFile)) {
        throw new UsageException("--diff " + diffFile + ": no such file");
      }
      before = Ledger.verdicts(Files.readString(diffFile, StandardCharsets.UTF_8));
    }
    if (!args.flag("no-run")) {
      for (Experiment<?, ?> e : todo) {
        System.err.println("ftlab claims: " + e.name() + " (" + mode.label() + ", claims "
            + String.join(", ", e.claimIds()) + ")");
        runOne(e, mode, store);
      }
    }
    List<LedgerEntry> entries = Ledger.load(store);
    if (!only.isEmpty()) {
      Set<String> ids = new LinkedHashSet<>();
      for (Experiment<?, ?> e : todo) {
        ids.addAll(e.claimIds());
      }
      entries = entries.stream().filter(e -> ids.contains(e.claim().id())).toList();
    }
    if (args.has("markdown")) {
      Path md = args.path("markdown");
      Files.writeString(md, Ledger.markdown(Ledger.load(store)), StandardCharsets.UTF_8);
      System.err.println("ftlab claims: wrote " + md);
    }
    if (args.flag("json")) {
      Json j = Json.object().put("mode", mode.label()).putValue("claims",
          entries.stream().map(LedgerEntry::claim).toList());
      if (before != null) {
        j.putValue("diff", Ledger.diff(before, entries));
      }
      out.println(j);
    } else {
      for (LedgerEntry e : entries) {
        Claim c = e.claim();
        out.printf("%-7s %-15s %s | paper: %s | ours: %s (%s)%n", c.id(), c.verdict().label(),
            c.statement(), c.paper(), c.oursText(), c.test());
      }
      Map<Verdict, Integer> counts = Ledger.counts(entries);
      out.println(entries.size() + " claims: " + counts);
      if (before != null) {
        List<String> d = Ledger.diff(before, entries);
        out.println(d.isEmpty() ? "no verdict differs from " + diffFile
            : "verdicts that differ from " + diffFile + ":");
        d.forEach(l -> out.println("  " + l));
      }
    }
  }

  private static <O extends Record> void runOne(Experiment<O, ?> e, RunMode mode, Path store)
      throws Exception {
    Experiments.run(e, e.defaults(mode), org.ftlab.experiment.RunContext.of(mode), store);
  }
}
