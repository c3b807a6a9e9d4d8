package dev.tickets.api.ticket;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Errors come in the Mono, never thrown while assembling it, so callers need no defer. */
class TicketServiceTests {

  private final TicketStore store = mock(TicketStore.class);
  private final TicketService tickets = new TicketService(store, write -> {}, Clock.systemUTC());
  private final TicketChanges changes = new TicketChanges("Opera", BigDecimal.TEN);

  @Test
  void aMalformedIdIsAnErrorInTheMonoOfEveryMethod() {
    for (Mono<?> call : assembled()) {
      StepVerifier.create(call).verifyError(MalformedTicketId.class);
    }
    verifyNoInteractions(store);
  }

  private Iterable<Mono<?>> assembled() {
    List<Mono<?>> calls = new ArrayList<>();
    assertThatCode(
            () -> {
              calls.add(tickets.find("not-an-id"));
              calls.add(tickets.page("not-an-id", 10));
              calls.add(tickets.update("not-an-id", 0, changes, "alice"));
              calls.add(tickets.create(changes, "alice", "not-an-id"));
              calls.add(tickets.writtenUnder("not-an-id", "claim"));
              calls.add(tickets.refuseUpdate("not-an-id", "If-None-Match: *", "alice"));
            })
        .doesNotThrowAnyException();
    return calls;
  }
}
