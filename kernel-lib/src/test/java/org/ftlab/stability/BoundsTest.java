package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BoundsTest {
  @Test
  void theorem22ByHand() {
    // L=2, beta=4, mu=3, ||w0-w*||=1, n=10: sqrt(2*2*1/4)=1; (1-3/4)^{1/4}=1/sqrt2;
    // 1/(1/sqrt2) - 1 = sqrt2 - 1; value = 1 / (10 (sqrt2 - 1)) = 0.24142135623730948
    FullFineTuningBound b = new FullFineTuningBound(2, 4, 3, 1, 10);
    assertEquals(0.24142135623730948, b.value(), 1e-15, "eq. (3) by hand (tol 1e-15)");
    assertEquals(0.0, new FullFineTuningBound(2, 4, 4, 1, 10).value(), 0, "mu = beta gives 0");
    assertEquals(b.value() / 2, new FullFineTuningBound(2, 4, 3, 1, 20).value(), 1e-15,
        "eq. (3) is 1/n in n");
    assertThrows(IllegalArgumentException.class, () -> new FullFineTuningBound(2, 4, 5, 1, 10));
  }

  @Test
  void theorem24ByHand() {
    // C=1, t=e^e: loglog t / log t = 1/e. nu=2, lambda=0.5, B=3, gamma=1, n=4:
    // k = 1 + 3 = 4; a = sqrt(2*4/(0.5*4)) = 2; b = (3 + sqrt(9 + 8*4*0.5*4)) / (2*4*0.5) = (3+sqrt(73))/4
    double t = Math.exp(Math.E);
    HeadTuningBound b = new HeadTuningBound(1, 1, 2, 0.5, 3, 1, 4, t, 1, 0.5);
    double second = (3 + Math.sqrt(73)) / 4;
    assertEquals(1 / Math.E, b.convergenceTerm(), 1e-12, "C loglog t/log t (tol 1e-12)");
    assertEquals(second, b.svmDistanceBound(), 1e-12, "max{..} of Lemma A.2.5 (tol 1e-12)");
    assertEquals(1 / Math.E + 2 * second, b.value(), 1e-12, "eq. (6) (tol 1e-12)");
    // large lambda n: the first entry of the max wins: lambda=10, n=100, B=1, gamma=1 -> k=2
    HeadTuningBound c = new HeadTuningBound(1, 1, 1, 10, 1, 1, 100, t, 1, 0.5);
    assertEquals(Math.max(Math.sqrt(4.0 / 1000), (1 + Math.sqrt(1 + 16000)) / 2000),
        c.svmDistanceBound(), 1e-15, "max of the two entries");
  }

  @Test
  void corollary31ByHand() {
    // H=100, delta=0.1: factor sqrt((2+8 ln 10)/100); xi=2
    double t = Math.exp(Math.E);
    HeadTuningBound b = new HeadTuningBound(1, 2, 2, 0.5, 3, 1, 4, t, 100, 0.1);
    double factor = Math.sqrt((2 + 8 * Math.log(10)) / 100) * 2;
    assertEquals(factor / Math.E, b.convergenceTerm(), 1e-12, "eq. (11) first term (tol 1e-12)");
    assertThrows(IllegalArgumentException.class,
        () -> new HeadTuningBound(1, 1, 2, 0.5, 3, 1, 4, t, 10, 0.1),
        "H=10 <= 2 + 8 ln 10 = 20.4 is outside Corollary 3.1");
  }

  @Test
  void corollary25ByHand() {
    double t = Math.exp(Math.E);
    LipschitzHeadBound b = new LipschitzHeadBound(1, 2, 0.5, LipschitzHeadBound.hingeLipschitz(3),
        4, t);
    assertEquals(Math.sqrt(10), b.lipschitz(), 1e-15, "hinge Lipschitz sqrt(B^2+1)");
    assertEquals(1 / Math.E + 2 * Math.sqrt(10) / 2, b.value(), 1e-12, "eq. (7) (tol 1e-12)");
  }
}
