package org.ftlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.ftlab.claims.Claim;
import org.junit.jupiter.api.Test;

/** Every registered experiment is well formed: a cheap check of what each must declare. */
class RegistryTest {
  @Test
  void everyExperimentDeclaresValidOptionsClaimsAndNotebook() {
    assertFalse(Experiments.all().isEmpty(), "experiments are registered");
    Set<String> names = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (Experiment<?, ?> e : Experiments.all()) {
      assertTrue(names.add(e.name()), "experiment name used twice: " + e.name());
      assertTrue(e.name().matches("[a-z0-9-]+"), "command-line name: " + e.name());
      for (String id : e.claimIds()) {
        assertTrue(Claim.ID.matcher(id).matches(), e.name() + ": claim id " + id);
        assertTrue(ids.add(id), "claim " + id + " has two homes");
      }
      if (!e.claimIds().isEmpty()) {
        assertTrue(Files.isRegularFile(Path.of("..", "notebooks", e.notebook())),
            e.name() + ": its notebook " + e.notebook() + " exists");
      }
      check(e);
    }
  }

  private static <O extends Record> void check(Experiment<O, ?> e) {
    OptionsBinder<O> b = OptionsBinder.of(e.optionsType());
    for (RunMode m : RunMode.values()) {
      O d = e.defaults(m);
      assertEquals(b.asText(d), b.asText(b.parse(e.name(), java.util.List.of(), d)),
          e.name() + ": the " + m + " defaults pass their own validation");
    }
  }
}
