package dev.tickets.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionRuleTests {

  @ParameterizedTest(name = "stored {0}, incoming {1} -> {2}")
  @CsvSource(
      nullValues = "none",
      textBlock =
          """
      none, 0, APPLY
      none, 1, GAP
      none, 7, GAP
      0,    0, DUPLICATE
      0,    1, APPLY
      0,    2, GAP
      0,   10, GAP
      3,    0, DUPLICATE
      3,    2, DUPLICATE
      3,    3, DUPLICATE
      3,    4, APPLY
      3,    5, GAP
      """)
  void classifiesIncomingVersionAgainstStoredOne(
      Long stored, long incoming, VersionOutcome expected) {
    assertThat(VersionRule.classify(stored, incoming)).isEqualTo(expected);
  }

  @Test
  void classifiesTheVersionAfterLongMaxMinusOne() {
    assertThat(VersionRule.classify(Long.MAX_VALUE - 1, Long.MAX_VALUE))
        .isEqualTo(VersionOutcome.APPLY);
    assertThat(VersionRule.classify(Long.MAX_VALUE, Long.MAX_VALUE))
        .isEqualTo(VersionOutcome.DUPLICATE);
  }

  @Test
  void rejectsNegativeIncomingVersion() {
    assertThatIllegalArgumentException().isThrownBy(() -> VersionRule.classify(null, -1));
  }
}
