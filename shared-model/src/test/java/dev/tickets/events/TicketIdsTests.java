package dev.tickets.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TicketIdsTests {

  @ParameterizedTest
  @ValueSource(strings = {"6b062639b29a59f77f966519", "000000000000000000000000"})
  void acceptsTwentyFourLowerCaseHexDigits(String id) {
    assertThat(TicketIds.isWellFormed(id)).isTrue();
    assertThat(TicketIds.require(id, IllegalArgumentException::new)).isEqualTo(id);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "t-1",
        "6B062639B29A59F77F966519",
        "6b062639b29a59f77f96651",
        "6b062639b29a59f77f9665190"
      })
  void refusesEverythingElse(String id) {
    assertThat(TicketIds.isWellFormed(id)).isFalse();
    assertThatThrownBy(() -> TicketIds.require(id, IllegalArgumentException::new))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesTheRuleAndTheIdInItsDetail() {
    assertThat(TicketIds.malformed("t-1"))
        .isEqualTo("Ticket id must be 24 lower-case hex digits, was 't-1'");
    assertThat(TicketIds.malformed("x".repeat(50))).endsWith("'" + "x".repeat(40) + "...'");
  }
}
