package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StabilityMethodTest {
  @Test
  void parseAcceptsEveryNameCaseInsensitive() {
    for (StabilityMethod m : StabilityMethod.values()) {
      assertEquals(m, StabilityMethod.parse(m.cliName()));
      assertEquals(m, StabilityMethod.parse(" " + m.name() + " "));
    }
    assertEquals(StabilityMethod.MHLOSS, StabilityMethod.parse("MH-Loss"));
  }

  @Test
  void badNameGivesOneLineListingAcceptedValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StabilityMethod.parse("dropout"));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().contains("'dropout'")
        && e.getMessage().contains("finetune, mixout, lnsr, mmr, mhloss, surt"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StabilityMethod.parse(null));
  }
}
