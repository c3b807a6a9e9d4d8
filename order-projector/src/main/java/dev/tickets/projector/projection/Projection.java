package dev.tickets.projector.projection;

import dev.tickets.events.InvalidTicketEvent;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The projection: settles every delivered record and acknowledges it only once settled.
 * <ul>
 * <li>Each ticket's records apply strictly in version order, whatever order they arrive in: the
 * next version is written (one conditional write, batched with other tickets' writes), a version
 * the replica holds is a duplicate, and a version whose predecessor is missing is held, not
 * acknowledged, until the predecessor applied (then it applies right behind it) or until the gap
 * timeout passed (then it is parked as {@code gap-timeout}). While a ticket's parked version is
 * missing from its replica, its later gaps are parked at once as {@code predecessor-parked}.
 * <li>An undecodable record, or one whose key is not its ticket, is parked as
 * {@code invalid-event}.
 * <li>Tickets are independent: one ticket's gap, lost race or backoff never delays another's.
 * <li>Store and log outages are retried with backoff without limit and never acknowledged
 * meanwhile; any other error fails the returned {@code Flux}, acknowledging nothing more.
 * </ul>
 */
public final class Projection {

  private final TicketEventCodec codec = new TicketEventCodec();
  private final ReplicaStore store;
  private final ParkedTickets parked;
  private final Parking parking;
  private final ProjectionSettings settings;
  private final ProjectionMetrics metrics;
  private final OutageRetry outages;

  public Projection(ReplicaStore store, ParkedTickets parked, DeadLetters deadLetters,
      ProjectionSettings settings, MeterRegistry registry) {
    this.store = store;
    this.parked = parked;
    this.settings = settings;
    this.metrics = new ProjectionMetrics(registry);
    this.parking = new Parking(deadLetters, parked, metrics);
    this.outages = new OutageRetry(settings);
  }

  /**
   * Settles the deliveries, emitting each one's outcome once it is acknowledged. At most
   * {@code maxUnsettled} deliveries are requested ahead of their settlement. Completes once the
   * deliveries completed and every one of them is settled.
   */
  public Flux<ProjectionOutcome> run(Flux<Delivery> deliveries) {
    return Flux.defer(() -> {
      ProjectionRun run = new ProjectionRun(store, parked, parking, settings, metrics);
      Sinks.One<Boolean> allSettled = Sinks.one();
      Flux<ProjectionOutcome> settled = deliveries
          .flatMap(delivery -> settle(run, delivery), settings.maxUnsettled())
          .doOnComplete(() -> allSettled.tryEmitValue(true));
      return Flux.merge(settled,
          run.work().takeUntilOther(allSettled.asMono()).cast(ProjectionOutcome.class));
    });
  }

  /** Settles one delivery on its own, as {@link #run} would: the step for a unit test. */
  public Mono<ProjectionOutcome> project(Delivery delivery) {
    return run(Flux.just(delivery)).single();
  }

  private Mono<ProjectionOutcome> settle(ProjectionRun run, Delivery delivery) {
    TicketEvent event;
    try {
      event = decode(delivery);
    }
    catch (InvalidTicketEvent invalid) {
      return parkInvalid(delivery, invalid.getMessage());
    }
    return run.settle(delivery, event);
  }

  private Mono<ProjectionOutcome> parkInvalid(Delivery delivery, String detail) {
    return Mono.defer(() -> {
      var received = metrics.received();
      return outages.retried(parking.invalid(delivery, detail),
              delivery.describe() + " (invalid, key " + delivery.key() + ")")
          .doOnNext(outcome -> {
            delivery.acknowledge();
            metrics.settled(outcome, received);
          });
    });
  }

  private TicketEvent decode(Delivery delivery) {
    TicketEvent event = codec.decode(delivery.value());
    if (!event.ticketId().equals(delivery.key())) {
      throw new InvalidTicketEvent("record key " + delivery.key() + " is not the ticketId "
          + event.ticketId() + " of the event");
    }
    return event;
  }
}
