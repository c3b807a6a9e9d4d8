package dev.tickets.api.ticket.web;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.ticket.idempotency.IdempotentRequests;
import dev.tickets.events.TicketIds;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The texts that state the refusal table elsewhere agree with it. */
class RefusalTests {

  @Test
  void theRetryRuleNamesTheStatusOfEveryRefusalThatIsNotAboutTheKey() {
    String statuses =
        EnumSet.complementOf(
                EnumSet.of(Refusal.IDEMPOTENCY_KEY_REUSED, Refusal.IDEMPOTENCY_KEY_IN_USE))
            .stream()
            .map(refusal -> refusal.status().value())
            .distinct()
            .sorted()
            .map(String::valueOf)
            .collect(joining(", ", "(", ")"));

    assertThat(IdempotentRequests.RETRY_RULE)
        .contains("A refused request " + statuses + " releases its key");
  }

  @Test
  void aMalformedTicketIdIsRefusedAsTheSharedRuleNamesIt() {
    assertThat(Refusal.MALFORMED_TICKET_ID.type()).isEqualTo(TicketIds.PROBLEM_TYPE);
    assertThat(Refusal.MALFORMED_TICKET_ID.title()).isEqualTo(TicketIds.PROBLEM_TITLE);
  }
}
