package dev.tickets.projector.projection;

import dev.tickets.events.ParkReason;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.VersionRule;
import dev.tickets.projector.projection.TicketQueue.Phase;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The state of one subscription to the log: a {@link TicketQueue} per ticket with unsettled
 * records, and the writes in flight. Every change happens in one {@link SerialEvents} event: a
 * record arrived, a write came back, a look-up or a park finished, a wait ended. Work that takes
 * time (writes, look-ups, parks, timers) is handed to {@link #work()} as a {@code Mono}, and its
 * result comes back as another event. Tickets never wait for one another: a ticket that waits (for
 * a missing version, or a backoff) has a timer of its own and takes no write slot.
 */
final class ProjectionRun {

  private final ReplicaStore store;
  private final ParkedTickets parked;
  private final Parking parking;
  private final ProjectionSettings settings;
  private final ProjectionMetrics metrics;
  private final OutageRetry outages;
  private final SerialEvents events = new SerialEvents();
  private final Map<String, TicketQueue> tickets = new HashMap<>();
  private final ArrayDeque<TicketQueue> ready = new ArrayDeque<>();
  private final RunSignals signals;
  private int writesInFlight;
  private long unsettled;
  private boolean allReceived;

  ProjectionRun(
      ReplicaStore store,
      ParkedTickets parked,
      Parking parking,
      ProjectionSettings settings,
      ProjectionMetrics metrics) {
    this.store = store;
    this.parked = parked;
    this.parking = parking;
    this.settings = settings;
    this.metrics = metrics;
    this.outages = new OutageRetry(settings);
    this.signals = new RunSignals(settings.maxUnsettled());
    metrics.newRun();
  }

  /**
   * The work in flight; it must be subscribed for records to settle, fails on a defect and
   * completes once every record is settled after the last one was received.
   */
  Flux<Void> work() {
    return signals.work();
  }

  /** Each record's outcome once it is acknowledged, in the order they were settled. */
  Flux<ProjectionOutcome> outcomes() {
    return signals.outcomes();
  }

  /**
   * Permits to receive one more record: {@code maxUnsettled} at first, then one per record settled,
   * so that no more records than that wait unsettled.
   */
  Flux<Boolean> permits() {
    return signals.permits();
  }

  /** Queues a decoded record with its ticket. */
  void received(Delivery delivery, TicketEvent event) {
    Timer.Sample received = metrics.received(delivery);
    on(
        () -> {
          unsettled++;
          arrived(new PendingRecord(delivery, event, received));
        });
  }

  /** Parks a record that is not a valid event. */
  void receivedInvalid(Delivery delivery, String detail) {
    Timer.Sample received = metrics.received(delivery);
    on(
        () -> {
          unsettled++;
          submit(
              outages
                  .retried(
                      parking.invalid(delivery, detail),
                      delivery.describe() + " (invalid, key " + delivery.key() + ")")
                  .doOnNext(outcome -> on(() -> settled(delivery, outcome, received))));
        });
  }

  /** No more records will be received: the run finishes once all are settled. */
  void allReceived() {
    on(
        () -> {
          allReceived = true;
          finishIfDone();
        });
  }

  /** Runs the event, then fills free write slots with tickets that are ready. */
  private void on(Runnable event) {
    events.execute(
        () -> {
          event.run();
          dispatch();
        });
  }

  private void arrived(PendingRecord record) {
    TicketQueue ticket = tickets.computeIfAbsent(record.event().ticketId(), TicketQueue::new);
    ticket.add(record);
    boolean earlierThanTheWait = ticket.phase() == Phase.WAITING && ticket.head() == record;
    if (earlierThanTheWait) {
      ticket.endWait();
    }
    if (ticket.phase() == Phase.IDLE || earlierThanTheWait) {
      advance(ticket);
    }
  }

  /** Settles what is a duplicate, then writes the lowest version or looks into its gap. */
  private void advance(TicketQueue ticket) {
    settleAll(ticket.takeDuplicates(), ProjectionOutcome.DUPLICATE);
    if (ticket.isEmpty()) {
      ticket.phase(Phase.IDLE);
      tickets.remove(ticket.ticketId());
      metrics.notHolding(ticket.ticketId());
    } else if (ticket.headIsKnownGap()) {
      lookIntoGap(ticket);
    } else {
      ticket.phase(Phase.READY);
      ready.add(ticket);
    }
  }

  private void dispatch() {
    while (writesInFlight < settings.maxWritesInFlight() && !ready.isEmpty()) {
      List<TicketQueue> batch = nextBatch();
      List<PendingRecord> heads = batch.stream().map(TicketQueue::head).toList();
      List<TicketReplica> replicas =
          heads.stream().map(head -> TicketReplica.of(head.event())).toList();
      writesInFlight++;
      metrics.writing(batch.size());
      submit(
          outages
              .retried(store.write(replicas), "writing " + describe(heads))
              .single()
              .doOnNext(results -> on(() -> written(batch, heads, results))));
    }
  }

  /** Ready tickets for one write; a ticket whose write failed in a batch goes alone. */
  private List<TicketQueue> nextBatch() {
    List<TicketQueue> batch = new ArrayList<>();
    batch.add(ready.poll());
    while (!batch.get(0).alone()
        && batch.size() < settings.maxBatchSize()
        && !ready.isEmpty()
        && !ready.peek().alone()) {
      batch.add(ready.poll());
    }
    batch.forEach(ticket -> ticket.phase(Phase.BUSY));
    return batch;
  }

  private void written(
      List<TicketQueue> batch, List<PendingRecord> heads, List<WriteResult> results) {
    if (results.size() != batch.size()) {
      throw new IllegalStateException(
          "The store answered " + results.size() + " results for " + batch.size() + " writes");
    }
    writesInFlight--;
    for (int i = 0; i < batch.size(); i++) {
      written(batch.get(i), heads.get(i).version(), results.get(i));
    }
  }

  private void written(TicketQueue ticket, long version, WriteResult result) {
    ticket.written(result.written());
    if (result.written()) {
      ticket.observed(version);
      List<PendingRecord> copies = ticket.take(version);
      metrics.applied(copies.get(0).event());
      metrics.notHolding(ticket.ticketId());
      settleAll(copies.subList(0, 1), ProjectionOutcome.APPLIED);
      settleAll(copies.subList(1, copies.size()), ProjectionOutcome.DUPLICATE);
      advance(ticket);
      return;
    }
    ticket.observed(result.stored());
    switch (VersionRule.classify(result.stored(), version)) {
      case DUPLICATE, GAP -> advance(ticket);
      case APPLY -> waitThenWrite(ticket, settings.backoff(ticket.failed()), false);
    }
  }

  /** The lowest version misses its predecessor: parked behind a parked version, or held. */
  private void lookIntoGap(TicketQueue ticket) {
    ticket.phase(Phase.BUSY);
    submit(
        outages
            .retried(
                parked.parkedVersion(ticket.ticketId()),
                "reading the parked mark of " + ticket.ticketId())
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty())
            .doOnNext(mark -> on(() -> gapLookedInto(ticket, mark.orElse(null)))));
  }

  private void gapLookedInto(TicketQueue ticket, Long parkedVersion) {
    if (!ticket.headIsKnownGap()) {
      advance(ticket); // an earlier version arrived meanwhile
    } else if (parkedVersion != null
        && ticket.head().version() > parkedVersion
        && ticket.behind(parkedVersion)) {
      park(
          ticket,
          ParkReason.PREDECESSOR_PARKED,
          "version " + parkedVersion + " of ticket " + ticket.ticketId() + " is parked");
    } else {
      // Not behind a parked version, or a parked version itself come back (a replay): held for
      // its own gap like any record.
      if (parkedVersion != null && !ticket.behind(parkedVersion)) {
        submit(
            outages.retried(
                parked.release(ticket.ticketId(), ticket.stored()),
                "releasing the parked mark of " + ticket.ticketId()));
      }
      hold(ticket);
    }
  }

  /** Holds the lowest version until it can apply, or parks it once the gap timeout passed. */
  private void hold(TicketQueue ticket) {
    long now = now();
    long heldSince = ticket.head().heldSince(now);
    long deadline = heldSince + settings.gapTimeout().toMillis();
    metrics.holding(ticket.ticketId(), heldSince);
    if (now >= deadline) {
      park(ticket, ParkReason.GAP_TIMEOUT, gapDetail(ticket));
    } else {
      Duration backoff = settings.backoff(ticket.gapChecked());
      waitThenWrite(ticket, Duration.ofMillis(Math.min(backoff.toMillis(), deadline - now)), true);
    }
  }

  /**
   * Waits, then writes the lowest version again (a gap is then asked of the store, not assumed).
   */
  private void waitThenWrite(TicketQueue ticket, Duration delay, boolean gap) {
    long token = ticket.startWait();
    submit(
        Mono.delay(delay)
            .takeUntilOther(ticket.endedEarly())
            .doOnNext(
                tick ->
                    on(
                        () -> {
                          if (tickets.get(ticket.ticketId()) == ticket
                              && ticket.waitingFor(token)) {
                            if (gap) {
                              ticket.recheck();
                              metrics.gapRetried();
                            }
                            advance(ticket);
                          }
                        })));
  }

  private void park(TicketQueue ticket, ParkReason reason, String detail) {
    ticket.phase(Phase.BUSY);
    List<PendingRecord> copies = ticket.take(ticket.head().version());
    submit(
        Flux.fromIterable(copies)
            .concatMap(
                copy ->
                    outages.retried(
                        parking.event(copy.delivery(), copy.event(), reason, detail),
                        "parking " + copy))
            .then(
                Mono.fromRunnable(
                    () ->
                        on(
                            () -> {
                              metrics.notHolding(ticket.ticketId());
                              settleAll(copies, ProjectionOutcome.PARKED);
                              advance(ticket);
                            }))));
  }

  private void settleAll(List<PendingRecord> records, ProjectionOutcome outcome) {
    records.forEach(record -> settled(record.delivery(), outcome, record.received()));
  }

  /** Acknowledges the record, counts it and lets the next record in. */
  private void settled(Delivery delivery, ProjectionOutcome outcome, Timer.Sample received) {
    delivery.acknowledge();
    metrics.settled(outcome, received);
    unsettled--;
    signals.settled(outcome);
    finishIfDone();
  }

  private void finishIfDone() {
    if (allReceived && unsettled == 0) {
      signals.finish();
    }
  }

  private void submit(Mono<?> task) {
    signals.submit(task);
  }

  private static long now() {
    return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
  }

  private static String gapDetail(TicketQueue ticket) {
    Long stored = ticket.stored();
    return "ticket "
        + ticket.ticketId()
        + " version "
        + ticket.head().version()
        + " waits for version "
        + (stored == null ? 0 : stored + 1)
        + (stored == null ? " (no replica yet)" : " (replica holds " + stored + ")");
  }

  private static String describe(List<PendingRecord> heads) {
    return heads.size() == 1 ? heads.get(0).toString() : heads.size() + " replicas";
  }
}
