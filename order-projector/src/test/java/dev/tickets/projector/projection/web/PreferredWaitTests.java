package dev.tickets.projector.projection.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code wait} preference of {@code Prefer} headers, by RFC 7240. */
class PreferredWaitTests {

  private static OptionalLong of(String... headers) {
    return PreferredWait.of(List.of(headers));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "wait=5",
        "WAIT=5",
        "Wait=5",
        "WAIT = 5",
        "  wait =5  ",
        "wait=\"5\"",
        "wait = \"5\"",
        "wait=5; foo=bar",
        "wait=5;foo=bar;baz",
        "wait=\"5\"; foo=\"x;y\"",
        "respond-async, wait=5",
        "respond-async,wait=5,handling=lenient",
        "return=minimal; foo=bar, wait=5",
        "wait=05"
      })
  void readsTheSecondsOfAWaitPreference(String header) {
    assertThat(of(header)).hasValue(5);
  }

  @Test
  void readsAWaitInALaterHeaderValue() {
    assertThat(of("respond-async", "return=minimal, wait=5")).hasValue(5);
    assertThat(of("respond-async", "wait=4", "wait=9")).hasValue(4);
  }

  @Test
  void zeroIsAWait() {
    assertThat(of("wait=0")).hasValue(0);
  }

  @Test
  void onlyTheFirstWaitCounts() {
    assertThat(of("wait=3, wait=7")).hasValue(3);
    assertThat(of("wait=3", "wait=7")).hasValue(3);
    assertThat(of("wait=abc, wait=7")).isEmpty();
    assertThat(of("wait=abc", "wait=7")).isEmpty();
    assertThat(of("wait, wait=7")).as("a wait without a value is still the first").isEmpty();
  }

  @Test
  void commasAndSemicolonsInsideQuotedStringsSplitNothing() {
    assertThat(of("foo=\"a,wait=9\", wait=2")).hasValue(2);
    assertThat(of("foo=\"a;wait=9\", wait=2")).hasValue(2);
    assertThat(of("foo=\"a\\\",wait=9\", wait=2")).as("an escaped quote").hasValue(2);
    assertThat(of("respond-async; note=\"x, wait=9\"", "wait=2")).hasValue(2);
  }

  @Test
  void aHeaderValueWithUnbalancedQuotesIsIgnoredButALaterOneCounts() {
    assertThat(of("wait=3, foo=\"abc")).isEmpty();
    assertThat(of("foo=\"abc, wait=3")).isEmpty();
    assertThat(of("wait=\"3")).isEmpty();
    assertThat(of("wait=3, foo=\"abc", "wait=7")).hasValue(7);
    assertThat(of("foo=\"abc", "respond-async, wait=7")).hasValue(7);
  }

  @Test
  void moreDigitsThanALongHoldsAreLongMaxValue() {
    assertThat(of("wait=9223372036854775807")).hasValue(Long.MAX_VALUE);
    assertThat(of("wait=9223372036854775808")).hasValue(Long.MAX_VALUE);
    assertThat(of("wait=99999999999999999999999999999999999999")).hasValue(Long.MAX_VALUE);
    assertThat(of("wait=\"99999999999999999999999999999999999999\"")).hasValue(Long.MAX_VALUE);
    assertThat(of("wait=" + "9".repeat(10_000))).hasValue(Long.MAX_VALUE);
  }

  @Test
  void tenDigitsThatALongHoldsAreReadAsTheyAre() {
    assertThat(of("wait=9999999999")).hasValue(9_999_999_999L);
    assertThat(of("wait=1000000000")).hasValue(1_000_000_000L);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "wait=-1",
        "wait=+1",
        "wait=1.5",
        "wait=1e3",
        "wait=",
        "wait= ",
        "wait=\"\"",
        "wait",
        "wait;foo=bar",
        "wait=5s",
        "wait=0x10",
        "wait=abc",
        "wait=\"5",
        "wait=5\"",
        "wait=\"5\"\"",
        "wait=5 5",
        "waiting=5",
        "xwait=5",
        "respond-async",
        "foo=bar; wait=5",
        "",
        " , ,"
      })
  void anythingButWholeSecondsIsNoWait(String header) {
    assertThat(of(header)).isEmpty();
  }

  @Test
  void noHeadersIsNoWait() {
    assertThat(PreferredWait.of(null)).isEmpty();
    assertThat(PreferredWait.of(List.of())).isEmpty();
  }
}
