package dev.tickets.projector.projection;

import dev.tickets.events.ParkReason;
import reactor.core.publisher.Mono;

/** Parks records the projector cannot apply, with their reason, for an operator to replay. */
public interface DeadLetters {

  /**
   * Publishes the record, with its original key and value, to the dead-letter topic with headers
   * naming the reason and the original position. Completes once the log acknowledged the write;
   * signals a temporary outage as {@link InfrastructureUnavailable}.
   */
  Mono<Void> park(Delivery delivery, ParkReason reason, String detail);
}
