package io.reactorsctp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A target is judged only when the whole range of the repetitions lies on one side of its bar; a
 * ratio's range pairs the extremes of both sides.
 */
class SpreadTest {
  @Test
  void medianAndRangeOfTheRepetitions() {
    Spread s = Spread.of(List.of(9_500.0, 9_400.0, 9_600.0, 9_450.0, Double.NaN));
    assertThat(s.runs()).isEqualTo(4);
    assertThat(s.median()).isEqualTo(9_475.0);
    assertThat(s.min()).isEqualTo(9_400.0);
    assertThat(s.max()).isEqualTo(9_600.0);
  }

  @Test
  void aRatioTakesTheExtremesAgainstEachOther() {
    Spread ours = Spread.of(List.of(90.0, 100.0, 110.0));
    Spread base = Spread.of(List.of(95.0, 100.0, 105.0));
    Spread r = ours.over(base);
    assertThat(r.median()).isEqualTo(1.0);
    assertThat(r.min()).isEqualTo(90.0 / 105.0);
    assertThat(r.max()).isEqualTo(110.0 / 95.0);
  }

  @Test
  void judgedOnlyWhenTheWholeRangeIsOnOneSide() {
    assertThat(new Spread(1.1, 1.02, 1.2, 5).verdict(1.0, true)).isEqualTo("met");
    assertThat(new Spread(0.5, 0.48, 0.52, 5).verdict(1.0, true)).isEqualTo("not met");
    assertThat(new Spread(1.01, 0.98, 1.04, 5).verdict(1.0, true)).isEqualTo(Spread.NOT_JUDGEABLE);
    // a bar to stay under: p99 ≤ 1.2×
    assertThat(new Spread(1.1, 1.05, 1.15, 5).verdict(1.2, false)).isEqualTo("met");
    assertThat(new Spread(1.3, 1.25, 1.4, 5).verdict(1.2, false)).isEqualTo("not met");
    assertThat(new Spread(1.2, 1.15, 1.25, 5).verdict(1.2, false)).isEqualTo(Spread.NOT_JUDGEABLE);
  }
}
