package dev.tickets.projector.projection.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a read asks to wait for: {@code minVersion} and the {@code Prefer: wait} it may send. */
class ReadWaitTests {

  private static final Duration MAX_WAIT = Duration.ofSeconds(10);

  @Test
  void withoutMinVersionTheReadDoesNotWait() {
    assertThat(ReadWait.of(null, List.of("wait=5"), MAX_WAIT)).isEmpty();
    assertThat(ReadWait.of(null, null, MAX_WAIT)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(
      strings = {
        "abc",
        "-1",
        "+1",
        "1.5",
        "",
        " ",
        " 1",
        "1 ",
        "1e3",
        "0x10",
        "9223372036854775808",
        "99999999999999999999999999"
      })
  void aMinVersionThatIsNotAWholeNumberFromZeroToLongMaxValueIsRefused(String minVersion) {
    assertThatThrownBy(() -> ReadWait.of(minVersion, List.of(), MAX_WAIT))
        .isInstanceOf(InvalidMinVersion.class)
        .hasMessageContaining("minVersion must be a whole number from 0 to " + Long.MAX_VALUE);
  }

  @Test
  void aVeryLongMinVersionIsShortenedInTheMessage() {
    String minVersion = "9".repeat(100);
    assertThatThrownBy(() -> ReadWait.of(minVersion, null, MAX_WAIT))
        .isInstanceOf(InvalidMinVersion.class)
        .hasMessageEndingWith("was '" + "9".repeat(40) + "...'");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"0", "1", "42", "007", "9223372036854775807"})
  void aWholeNumberFromZeroToLongMaxValueIsTheVersion(String minVersion) {
    assertThat(ReadWait.of(minVersion, null, MAX_WAIT))
        .hasValue(new ReadWait(Long.parseLong(minVersion), MAX_WAIT, false));
  }

  @Test
  void withoutAPreferTheReadWaitsTheMaximumAndNoPreferenceIsApplied() {
    assertThat(ReadWait.of("3", null, MAX_WAIT)).hasValue(new ReadWait(3, MAX_WAIT, false));
    assertThat(ReadWait.of("3", List.of(), MAX_WAIT)).hasValue(new ReadWait(3, MAX_WAIT, false));
    assertThat(ReadWait.of("3", List.of("respond-async"), MAX_WAIT))
        .hasValue(new ReadWait(3, MAX_WAIT, false));
    assertThat(ReadWait.of("3", List.of("wait=abc"), MAX_WAIT))
        .as("a wait that is not seconds is ignored")
        .hasValue(new ReadWait(3, MAX_WAIT, false));
  }

  @Test
  void aPreferredWaitShorterThanTheMaximumIsTheTimeout() {
    ReadWait wait = ReadWait.of("3", List.of("wait=4"), MAX_WAIT).orElseThrow();

    assertThat(wait).isEqualTo(new ReadWait(3, Duration.ofSeconds(4), true));
    assertThat(wait.applied()).isEqualTo("wait=4");
  }

  @Test
  void waitZeroIsAZeroTimeoutAndIsApplied() {
    ReadWait wait = ReadWait.of("3", List.of("wait=0"), MAX_WAIT).orElseThrow();

    assertThat(wait.timeout()).isEqualTo(Duration.ZERO);
    assertThat(wait.preferred()).isTrue();
    assertThat(wait.applied()).isEqualTo("wait=0");
  }

  @Test
  void aPreferredWaitOfTheMaximumOrLongerIsCappedAtTheMaximum() {
    for (String asked :
        List.of(
            "wait=10",
            "wait=11",
            "wait=9999999999",
            "wait=9223372036854775807",
            "wait=99999999999999999999999999999")) {
      ReadWait wait = ReadWait.of("3", List.of(asked), MAX_WAIT).orElseThrow();

      assertThat(wait).as(asked).isEqualTo(new ReadWait(3, MAX_WAIT, true));
      assertThat(wait.applied()).as(asked).isEqualTo("wait=10");
    }
  }

  @Test
  void theFirstWaitOfAllThePreferHeadersCounts() {
    assertThat(ReadWait.of("1", List.of("respond-async", "wait=2, wait=7"), MAX_WAIT))
        .hasValue(new ReadWait(1, Duration.ofSeconds(2), true));
  }
}
