package dev.tickets.api.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageQueryTests {

  private static final String CURSOR = "65a1b2c3d4e5f60718293a4b";

  @Test
  void defaultsToTwentyFromTheStart() {
    assertThat(PageQuery.of(null, null)).isEqualTo(new PageQuery(20, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "100", "007"})
  void acceptsLimitsFromOneToHundred(String limit) {
    assertThat(PageQuery.of(limit, CURSOR).limit()).isEqualTo(Integer.parseInt(limit));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-1", "abc", "", "1.5", "99999999999"})
  void rejectsOtherLimits(String limit) {
    assertThatThrownBy(() -> PageQuery.of(limit, null))
        .isInstanceOf(InvalidPageRequest.class)
        .hasMessageContaining("limit must be a whole number from 1 to 100");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "xyz", "65A1B2C3D4E5F60718293A4B", "{\"$gt\":\"\"}"})
  void rejectsCursorsThatNoPageReturned(String cursor) {
    assertThatThrownBy(() -> PageQuery.of("5", cursor))
        .isInstanceOf(InvalidPageRequest.class)
        .hasMessageContaining("cursor");
  }

  @Test
  void nextPageKeepsTheLimit() {
    assertThat(PageQuery.of("5", null).next(CURSOR)).isEqualTo(new PageQuery(5, CURSOR));
  }
}
