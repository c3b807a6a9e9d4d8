package dev.tickets.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TicketFieldsTests {

  @Test
  void acceptsTitlesUpToTheLimit() {
    assertThat(TicketFields.titleProblem("a".repeat(TicketFields.MAX_TITLE_LENGTH))).isNull();
    assertThat(TicketFields.titleProblem("a".repeat(TicketFields.MAX_TITLE_LENGTH + 1)))
        .contains("at most 200");
    assertThat(TicketFields.titleProblem("  ")).contains("blank");
    assertThat(TicketFields.titleProblem(null)).contains("blank");
  }

  @Test
  void acceptsPricesWithAtMostTwoDecimalsWithinBounds() {
    assertThat(TicketFields.priceProblem(new BigDecimal("0"))).isNull();
    assertThat(TicketFields.priceProblem(new BigDecimal("10.50"))).isNull();
    assertThat(TicketFields.priceProblem(new BigDecimal("10.500"))).isNull();
    assertThat(TicketFields.priceProblem(new BigDecimal("10.501"))).contains("2 decimals");
    assertThat(TicketFields.priceProblem(new BigDecimal("-0.01"))).contains("negative");
    assertThat(TicketFields.priceProblem(TicketFields.MAX_PRICE)).isNull();
    assertThat(TicketFields.priceProblem(TicketFields.MAX_PRICE.add(new BigDecimal("0.01"))))
        .contains("at most");
    assertThat(TicketFields.priceProblem(null)).contains("required");
  }
}
