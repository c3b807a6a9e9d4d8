package dev.tickets.projector.projection;

import dev.tickets.events.InvalidTicketEvent;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The projection: settles every delivered record and acknowledges it only once settled.
 *
 * <ul>
 *   <li>Each ticket's records apply strictly in version order, whatever order they arrive in: the
 *       next version is written (one conditional write, batched with other tickets' writes), a
 *       version the replica holds is a duplicate, and a version whose predecessor is missing is
 *       held, not acknowledged, until the predecessor applied (then it applies right behind it) or
 *       until the gap timeout passed (then it is parked as {@code gap-timeout}). While a ticket's
 *       parked version is missing from its replica, its later gaps are parked at once as {@code
 *       predecessor-parked}.
 *   <li>An undecodable record, or one whose key is not its ticket, is parked as {@code
 *       invalid-event}.
 *   <li>Tickets are independent: one ticket's gap, lost race or backoff never delays another's.
 *   <li>Store and log outages are retried with backoff without limit and never acknowledged
 *       meanwhile; any other error fails the returned {@code Flux}, acknowledging nothing more.
 * </ul>
 */
public final class Projection {

  private final TicketEventCodec codec = new TicketEventCodec();
  private final ReplicaStore store;
  private final ParkedTickets parked;
  private final Parking parking;
  private final ProjectionSettings settings;
  private final ProjectionMetrics metrics;

  public Projection(
      ReplicaStore store,
      ParkedTickets parked,
      DeadLetters deadLetters,
      ProjectionSettings settings,
      MeterRegistry registry) {
    this.store = store;
    this.parked = parked;
    this.settings = settings;
    this.metrics = new ProjectionMetrics(registry);
    this.parking = new Parking(deadLetters, parked, metrics);
  }

  /**
   * Settles the deliveries, emitting each one's outcome once it is acknowledged. At most {@code
   * maxUnsettled} deliveries are taken in unsettled (and a small prefetch of 32 requested ahead of
   * them). Completes once the deliveries completed and every one of them is settled.
   */
  public Flux<ProjectionOutcome> run(Flux<Delivery> deliveries) {
    return Flux.defer(
        () -> {
          ProjectionRun run = new ProjectionRun(store, parked, parking, settings, metrics);
          Flux<ProjectionOutcome> intake =
              Flux.zip(deliveries, run.permits(), (delivery, permit) -> delivery)
                  .doOnNext(delivery -> receive(run, delivery))
                  .doOnComplete(run::allReceived)
                  .thenMany(Flux.empty());
          return Flux.merge(intake, run.work().thenMany(Flux.empty()), run.outcomes());
        });
  }

  /** Settles one delivery on its own, as {@link #run} would: the step for a unit test. */
  public Mono<ProjectionOutcome> project(Delivery delivery) {
    return run(Flux.just(delivery)).single();
  }

  private void receive(ProjectionRun run, Delivery delivery) {
    TicketEvent event;
    try {
      event = decode(delivery);
    } catch (InvalidTicketEvent invalid) {
      run.receivedInvalid(delivery, invalid.getMessage());
      return;
    }
    run.received(delivery, event);
  }

  private TicketEvent decode(Delivery delivery) {
    TicketEvent event = codec.decode(delivery.value());
    if (!event.ticketId().equals(delivery.key())) {
      throw new InvalidTicketEvent(
          "record key "
              + delivery.key()
              + " is not the ticketId "
              + event.ticketId()
              + " of the event");
    }
    return event;
  }
}
