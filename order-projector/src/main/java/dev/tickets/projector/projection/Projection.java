package dev.tickets.projector.projection;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tickets.events.InvalidTicketEvent;
import dev.tickets.events.ParkReason;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The projection step: settles one delivery and acknowledges it only once settled. A record is
 * applied when it is its ticket's next version, recognized as a duplicate when the replica holds it
 * already, and parked on the dead-letter topic when it is invalid, when its ticket has a parked
 * version the replica has not reached, or when missing versions did not arrive within the gap
 * timeout. While versions are
 * missing, or the store or the log is unavailable, the record is retried with backoff and not
 * acknowledged.
 */
public final class Projection {

  private static final Logger log = LoggerFactory.getLogger(Projection.class);

  private final TicketEventCodec codec = new TicketEventCodec();
  private final ConditionalApply conditionalApply;
  private final ParkedTickets parked;
  private final Parking parking;
  private final ProjectionSettings settings;
  private final ProjectionMetrics metrics;

  public Projection(ReplicaStore store, ParkedTickets parked, DeadLetters deadLetters,
      ProjectionSettings settings, MeterRegistry registry) {
    this.metrics = new ProjectionMetrics(registry);
    this.conditionalApply = new ConditionalApply(store);
    this.parked = parked;
    this.parking = new Parking(deadLetters, parked, metrics);
    this.settings = settings;
  }

  /** Settles the delivery, then acknowledges it; completes with how it was settled. */
  public Mono<ProjectionOutcome> project(Delivery delivery) {
    return Mono.defer(() -> settle(delivery))
        .doOnNext(outcome -> {
          delivery.acknowledge();
          metrics.settled(outcome);
        })
        .as(metrics::timed);
  }

  private Mono<ProjectionOutcome> settle(Delivery delivery) {
    TicketEvent event;
    try {
      event = decode(delivery);
    }
    catch (InvalidTicketEvent invalid) {
      return retryingOutages(parking.invalid(delivery, invalid.getMessage()),
          delivery.describe() + " (invalid, key " + delivery.key() + ")");
    }
    String what = delivery.describe() + " (ticket " + event.ticketId() + " version "
        + event.version() + ")";
    long deadline = now() + settings.gapTimeout().toMillis();
    return retryingOutages(Mono.defer(() -> attempt(delivery, event)), what)
        .retryWhen(untilGapTimeout(deadline))
        .onErrorResume(VersionGapPending.class, gap -> retryingOutages(
            parking.event(delivery, event, ParkReason.GAP_TIMEOUT, gap.getMessage()), what));
  }

  private TicketEvent decode(Delivery delivery) {
    TicketEvent event = codec.decode(delivery.value());
    if (!event.ticketId().equals(delivery.key())) {
      throw new InvalidTicketEvent("record key " + delivery.key() + " is not the ticketId "
          + event.ticketId() + " of the event");
    }
    return event;
  }

  private Mono<ProjectionOutcome> attempt(Delivery delivery, TicketEvent event) {
    return conditionalApply.apply(event)
        .onErrorResume(VersionGapPending.class, gap -> behindParkedVersion(delivery, event, gap));
  }

  /**
   * A gap behind a parked version is parked at once: the missing version will not come by itself.
   * A mark the replica has reached (its parked versions were replayed) is stale: it is removed and
   * the gap waits as any other.
   */
  private Mono<ProjectionOutcome> behindParkedVersion(Delivery delivery, TicketEvent event,
      VersionGapPending gap) {
    return parked.parkedVersion(event.ticketId())
        .flatMap(parkedVersion -> gap.behind(parkedVersion)
            ? parking.event(delivery, event, ParkReason.PREDECESSOR_PARKED,
                "version " + parkedVersion + " of ticket " + event.ticketId() + " is parked")
            : parked.release(event.ticketId(), gap.stored()).then(Mono.error(gap)))
        .switchIfEmpty(Mono.error(gap));
  }

  private Retry untilGapTimeout(long deadline) {
    return Retry.backoff(Long.MAX_VALUE, settings.initialBackoff())
        .maxBackoff(settings.maxBackoff())
        .filter(failure -> failure instanceof VersionGapPending && now() < deadline)
        .doBeforeRetry(signal -> metrics.gapRetried());
  }

  /** Store or log outages: retried with backoff without limit, logged, never acknowledged. */
  private <T> Mono<T> retryingOutages(Mono<T> work, String what) {
    return work.retryWhen(Retry.backoff(Long.MAX_VALUE, settings.initialBackoff())
        .maxBackoff(settings.maxBackoff())
        .filter(failure -> failure instanceof InfrastructureUnavailable
            || failure instanceof ReplicaChangedConcurrently)
        .doBeforeRetry(signal -> log.warn("Retrying {}, attempt {}: {}", what,
            signal.totalRetries() + 1, signal.failure().toString())));
  }

  private static long now() {
    return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
  }
}
