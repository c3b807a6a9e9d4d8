package dev.tickets.api.ticket.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The one place that decides which of a ticket's events goes to Kafka when. Per ticket at most one
 * event is in flight, and the next one is sent only after Kafka acknowledged it: the idempotent
 * producer keeps one partition's sends in order while they succeed, but after a failed or expired
 * batch a later batch can still be written (the producer bumps its epoch and goes on), which would
 * put version v + 1 in the log before v. Different tickets never wait for each other.
 *
 * <p>A ticket enters from a write (its event and the oldest version then pending in the ticket) or
 * from the sweeper (every event pending in it). A version is sent when it is the lowest one pending
 * in the ticket, or when its predecessor was acknowledged here. Otherwise the ticket's pending
 * events are read: when nothing pending lies between the last version acknowledged here and this
 * one, it is sent; when versions another instance wrote lie between (it is publishing them, most
 * likely), the ticket reads again with a short backoff until they are gone, or, once {@code
 * sweep-grace} has passed, sends them itself from the lowest. So a predecessor is sent twice (a
 * duplicate the projector recognises) only when its writer did not publish it within the grace, and
 * never after its successor. A failed send, or a failed read, is tried again after a backoff
 * ({@code resend-backoff} doubling to {@code resend-max-backoff}). All waits end in {@link #due()},
 * which the relay calls on one ticker; a ticket's newer events wait behind it meanwhile.
 *
 * <p>Thread-safe: every method holds the instance's lock briefly and does no I/O.
 */
final class TicketLanes {

  /** The first wait before reading again for a predecessor another instance holds. */
  static final Duration FIRST_WAIT = Duration.ofMillis(10);

  /**
   * The longest wait between two reads for such a predecessor. A hot ticket written through two
   * instances alternates between them, one hand-over per version; at 500 ms (as before issue 22)
   * the doubling made each hand-over cost some 200 ms, and after a fault such a ticket caught up at
   * about 5 versions a second (30 s to converge in the broker-reset scenario, 4-5 s at 40 ms).
   */
  static final Duration MAX_WAIT = Duration.ofMillis(40);

  private final int capacity;
  private final Duration firstResend;
  private final Duration maxResend;
  private final Duration predecessorGrace;
  private final Clock clock;
  private final Map<String, Lane> lanes = new HashMap<>();

  /** Tickets waiting for a resend or a read again, soonest first; stale entries are skipped. */
  private final PriorityQueue<Wait> waits = new PriorityQueue<>(Comparator.comparing(Wait::until));

  private int events;
  private boolean open;

  TicketLanes(
      int capacity,
      Duration firstResend,
      Duration maxResend,
      Duration predecessorGrace,
      Clock clock) {
    this.capacity = capacity;
    this.firstResend = firstResend;
    this.maxResend = maxResend;
    this.predecessorGrace = predecessorGrace;
    this.clock = clock;
  }

  /** A ticket's wait, until an instant. */
  private record Wait(Instant until, String ticketId) {}

  /**
   * What the relay does next for one ticket: send {@code send}, read the ticket's pending events
   * ({@code read}), nothing, or nothing because the event was left to the sweeper.
   */
  record Next(String ticketId, PendingPublication send, boolean read, String deferredBecause) {

    static Next nothing(String ticketId) {
      return new Next(ticketId, null, false, null);
    }

    static Next deferred(String ticketId, String reason) {
      return new Next(ticketId, null, false, reason);
    }
  }

  synchronized void open() {
    open = true;
  }

  /** Takes no more events; those already held are still sent and acknowledged. */
  synchronized void close() {
    open = false;
  }

  /** A fresh write's event; {@code oldestPending} as the write reported it. */
  synchronized Next offer(PendingPublication publication, long oldestPending) {
    String ticketId = publication.ticketId();
    if (!open) {
      return Next.deferred(ticketId, "stopped");
    }
    if (events >= capacity) {
      return Next.deferred(ticketId, "capacity");
    }
    Lane lane = lanes.computeIfAbsent(ticketId, id -> new Lane());
    int before = lane.events();
    lane.queue(publication, oldestPending);
    return settle(ticketId, lane, before, lane.advance(ticketId, clock.instant()));
  }

  /** A ticket's pending events as the sweeper claimed them: lowest version first, contiguous. */
  synchronized Next offerSwept(List<PendingPublication> pending) {
    String ticketId = pending.get(0).ticketId();
    if (!open) {
      return Next.nothing(ticketId);
    }
    Lane lane = lanes.computeIfAbsent(ticketId, id -> new Lane());
    int before = lane.events();
    long oldest = pending.get(0).version();
    pending.forEach(publication -> lane.queue(publication, oldest));
    return settle(ticketId, lane, before, lane.advance(ticketId, clock.instant()));
  }

  /**
   * The ticket's pending events as read for {@link Next#read()}, lowest version first. What is not
   * among them any more was published, by this instance or another. When versions between the last
   * one acknowledged here and the next one held here are pending, another instance wrote them and
   * is most likely publishing them: they are waited for, within the grace, and adopted after.
   */
  synchronized Next read(String ticketId, List<PendingPublication> pending) {
    Lane lane = lanes.get(ticketId);
    if (lane == null || !lane.reading) {
      return Next.nothing(ticketId);
    }
    int before = lane.events();
    lane.reading = false;
    Instant now = clock.instant();
    if (pending.isEmpty()) {
      // Published, all of them, by the time of the read; a write reported as the lowest pending
      // may have come in after the read, and stays.
      lane.queued
          .values()
          .removeIf(queued -> queued.oldestPending() < queued.publication().version());
    } else {
      long oldest = pending.get(0).version();
      lane.queued.headMap(oldest, false).clear();
      if (!lane.queued.isEmpty()) {
        long next = lane.queued.firstKey();
        boolean othersFirst =
            pending.stream()
                .anyMatch(event -> event.version() > lane.acknowledged && event.version() < next);
        if (!othersFirst) {
          lane.queued.put(next, new Queued(lane.queued.get(next).publication(), next));
        } else if (lane.waitedLongEnough(now, predecessorGrace)) {
          pending.forEach(publication -> lane.queue(publication, oldest));
        } else {
          waitUntil(ticketId, lane, now.plus(doubled(FIRST_WAIT, lane.waits, MAX_WAIT)));
          return settle(ticketId, lane, before, Next.nothing(ticketId));
        }
      }
    }
    lane.waitingSince = null;
    lane.waits = 0;
    return settle(ticketId, lane, before, lane.advance(ticketId, now));
  }

  /** The read for {@link Next#read()} failed: it is tried again after a backoff. */
  synchronized void readFailed(String ticketId) {
    Lane lane = lanes.get(ticketId);
    if (lane != null && lane.reading) {
      lane.reading = false;
      backOff(ticketId, lane);
    }
  }

  /** Kafka acknowledged the ticket's event in flight: its next one, if known to be sendable. */
  synchronized Next acknowledged(PendingPublication publication) {
    String ticketId = publication.ticketId();
    Lane lane = lanes.get(ticketId);
    if (lane == null || !lane.isInFlight(publication)) {
      return Next.nothing(ticketId);
    }
    int before = lane.events();
    lane.inFlight = null;
    lane.failures = 0;
    lane.acknowledged = Math.max(lane.acknowledged, publication.version());
    lane.queued.headMap(lane.acknowledged, true).clear();
    return settle(ticketId, lane, before, lane.advance(ticketId, clock.instant()));
  }

  /**
   * The send failed (it may have been written anyway): the event is sent again after a backoff, and
   * the ticket's newer events wait behind it. Returns whether it was this ticket's send in flight.
   */
  synchronized boolean failed(PendingPublication publication) {
    Lane lane = lanes.get(publication.ticketId());
    if (lane == null || !lane.isInFlight(publication)) {
      return false;
    }
    lane.inFlight = null;
    lane.queued.put(publication.version(), new Queued(publication, publication.version()));
    backOff(publication.ticketId(), lane);
    return true;
  }

  /**
   * The publisher's stream failed: every send in flight counts as failed and is sent again after a
   * backoff; returns how many.
   */
  synchronized int failInFlight() {
    List<PendingPublication> inFlight = new ArrayList<>();
    lanes.values().stream()
        .filter(lane -> lane.inFlight != null)
        .forEach(lane -> inFlight.add(lane.inFlight));
    inFlight.forEach(this::failed);
    return inFlight.size();
  }

  /** What is due after its wait: sends and reads to try again. */
  synchronized List<Next> due() {
    Instant now = clock.instant();
    List<Next> due = new ArrayList<>();
    while (!waits.isEmpty() && !waits.peek().until().isAfter(now)) {
      Wait wait = waits.poll();
      Lane lane = lanes.get(wait.ticketId());
      if (lane != null && wait.until().equals(lane.retryAt)) {
        lane.retryAt = null;
        int before = lane.events();
        due.add(settle(wait.ticketId(), lane, before, lane.advance(wait.ticketId(), now)));
      }
    }
    return due;
  }

  /**
   * The ticket's events up to {@code version} were removed from the store, or let go to the
   * sweeper.
   */
  synchronized void forgotten(String ticketId, long version) {
    Lane lane = lanes.get(ticketId);
    if (lane != null) {
      int before = lane.events();
      lane.forgotten = Math.max(lane.forgotten, version);
      settle(ticketId, lane, before, null);
    }
  }

  /** Whether a send is in flight. */
  synchronized boolean hasInFlight() {
    return lanes.values().stream().anyMatch(lane -> lane.inFlight != null);
  }

  /** Whether the sweeper may hand over more. */
  synchronized boolean hasRoom() {
    return events < capacity;
  }

  /** Events queued or in flight. */
  synchronized int events() {
    return events;
  }

  /** Whether nothing is queued, in flight, being read or waiting to be forgotten. */
  synchronized boolean isSettled() {
    return lanes.isEmpty();
  }

  /** Forgets everything (the relay stopped); returns the events dropped. */
  synchronized int reset() {
    int dropped = events;
    lanes.clear();
    waits.clear();
    events = 0;
    return dropped;
  }

  private void backOff(String ticketId, Lane lane) {
    lane.failures++;
    waitUntil(ticketId, lane, clock.instant().plus(doubled(firstResend, lane.failures, maxResend)));
  }

  private void waitUntil(String ticketId, Lane lane, Instant until) {
    lane.retryAt = until;
    waits.add(new Wait(until, ticketId));
  }

  /** {@code first}, doubled for each time after the first, at most {@code max}. */
  private static Duration doubled(Duration first, int times, Duration max) {
    Duration delay = first.multipliedBy(1L << Math.min(times - 1, 20));
    return delay.compareTo(max) < 0 ? delay : max;
  }

  /** Updates the totals after a change to {@code lane}, and forgets the lane once it is idle. */
  private Next settle(String ticketId, Lane lane, int eventsBefore, Next next) {
    events += lane.events() - eventsBefore;
    if (lane.isIdle()) {
      lanes.remove(ticketId);
    }
    return next;
  }

  /** A queued event and the oldest version pending in its ticket when it was recorded. */
  private record Queued(PendingPublication publication, long oldestPending) {}

  private static final class Lane {

    final TreeMap<Long, Queued> queued = new TreeMap<>();
    PendingPublication inFlight;
    long acknowledged = -1;
    long forgotten = -1;
    boolean reading;
    int failures;
    Instant retryAt;
    Instant waitingSince;
    int waits;

    void queue(PendingPublication publication, long oldestPending) {
      long version = publication.version();
      if (version > acknowledged && !isInFlight(publication)) {
        // Pending versions only ever leave from the bottom: the larger oldest-pending is the
        // newer truth.
        queued.merge(
            version,
            new Queued(publication, oldestPending),
            (known, again) -> again.oldestPending() > known.oldestPending() ? again : known);
      }
    }

    /** Counts one more wait for another instance; whether the grace since the first has passed. */
    boolean waitedLongEnough(Instant now, Duration grace) {
      if (waitingSince == null) {
        waitingSince = now;
      }
      waits++;
      return !now.isBefore(waitingSince.plus(grace));
    }

    boolean isInFlight(PendingPublication publication) {
      return inFlight != null && inFlight.version() == publication.version();
    }

    /**
     * Sends the lowest queued version if it is known to be next, asks for a read if not; nothing
     * while a send or a read is under way or the ticket backs off.
     */
    Next advance(String ticketId, Instant now) {
      if (inFlight != null || reading || queued.isEmpty()) {
        return Next.nothing(ticketId);
      }
      if (retryAt != null && retryAt.isAfter(now)) {
        return Next.nothing(ticketId);
      }
      Queued first = queued.firstEntry().getValue();
      long version = first.publication().version();
      if (first.oldestPending() >= version || acknowledged >= version - 1) {
        queued.pollFirstEntry();
        inFlight = first.publication();
        return new Next(ticketId, inFlight, false, null);
      }
      reading = true;
      return new Next(ticketId, null, true, null);
    }

    int events() {
      return queued.size() + (inFlight == null ? 0 : 1);
    }

    boolean isIdle() {
      return inFlight == null && queued.isEmpty() && !reading && forgotten >= acknowledged;
    }
  }
}
