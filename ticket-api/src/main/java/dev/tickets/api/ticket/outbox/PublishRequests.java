package dev.tickets.api.ticket.outbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChangeListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Asks for a ticket's pending events to be published right after its write. Each ticket is queued
 * at most once until its drain begins, and the queue is bounded: a request that does not fit, or
 * comes while the relay is stopped, is harmless because the sweeper finds every pending event. So
 * a Kafka outage cannot grow memory, and a full or closed queue never fails a write.
 */
@Component
class PublishRequests implements TicketChangeListener {

  private static final Logger log = LoggerFactory.getLogger(PublishRequests.class);
  private static final int CAPACITY = 16_384;

  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private volatile Sinks.Many<String> sink = closedSink();

  @Override
  public void changed(Ticket ticket) {
    if (!queued.add(ticket.id())) {
      return;
    }
    Sinks.EmitResult result;
    do {
      result = sink.tryEmitNext(ticket.id());
    }
    while (result == Sinks.EmitResult.FAIL_NON_SERIALIZED);
    if (result.isFailure()) {
      queued.remove(ticket.id());
      log.debug("Ticket {} v{} left to the sweeper: {}", ticket.id(), ticket.version(), result);
    }
  }

  /** Opens a fresh queue of ticket ids for one subscriber (the relay); a previous one is closed. */
  Flux<String> open() {
    sink.tryEmitComplete();
    queued.clear();
    sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(CAPACITY).get());
    return sink.asFlux();
  }

  /** Called when a ticket's drain begins: later writes must queue it again. */
  void taken(String ticketId) {
    queued.remove(ticketId);
  }

  private static Sinks.Many<String> closedSink() {
    Sinks.Many<String> closed = Sinks.many().unicast().onBackpressureBuffer();
    closed.tryEmitComplete();
    return closed;
  }
}
