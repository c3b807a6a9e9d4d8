package dev.tickets.api.ticket.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChangeListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Asks for a ticket's pending events to be published right after its write. Losing a request is
 * harmless (the sweeper finds every pending event), so a closed queue never fails a write.
 */
@Component
class PublishRequests implements TicketChangeListener {

  private static final Logger log = LoggerFactory.getLogger(PublishRequests.class);

  private final Sinks.Many<String> ticketIds = Sinks.many().unicast().onBackpressureBuffer();

  @Override
  public void changed(Ticket ticket) {
    Sinks.EmitResult result;
    do {
      result = ticketIds.tryEmitNext(ticket.id());
    }
    while (result == Sinks.EmitResult.FAIL_NON_SERIALIZED);
    if (result.isFailure()) {
      log.debug("Ticket {} v{} left to the sweeper: {}", ticket.id(), ticket.version(), result);
    }
  }

  /** Ids of tickets with new pending events; one subscriber only. */
  Flux<String> ticketIds() {
    return ticketIds.asFlux();
  }
}
