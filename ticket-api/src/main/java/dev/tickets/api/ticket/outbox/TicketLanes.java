package dev.tickets.api.ticket.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The relay's memory of the tickets it is publishing. Per ticket at most one event is in flight,
 * and the next one is sent only after Kafka acknowledged it: the idempotent producer keeps one
 * partition's sends in order while they succeed, but after a failed or expired batch a later batch
 * can still be written (the producer bumps its epoch and goes on), which would put version v + 1 in
 * the log before v. Different tickets never wait for each other.
 *
 * <p>A version is sent only when its predecessor is known to be acknowledged: acknowledged here, or
 * no longer pending in the ticket (the write reports the oldest pending version; a later check
 * reads it again). Otherwise the ticket waits, and after a bounded wait it is left to the sweeper.
 * After a failed send the ticket's events are left to the sweeper, which resends them in order;
 * until it has taken them, fresh events of that ticket are left to it too.
 *
 * <p>Thread-safe: every method holds the instance's lock briefly and does no I/O.
 */
final class TicketLanes {

  private final int capacity;
  private final Duration sweeperTakesOver;
  private final Clock clock;
  private final Map<String, Lane> lanes = new HashMap<>();
  private int events;
  private boolean open;

  TicketLanes(int capacity, Duration sweeperTakesOver, Clock clock) {
    this.capacity = capacity;
    this.sweeperTakesOver = sweeperTakesOver;
    this.clock = clock;
  }

  /** What the relay does next for one ticket. */
  record Next(
      String ticketId, PendingPublication send, boolean checkPredecessor, String deferredBecause) {

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
    Lane lane = lanes.get(ticketId);
    if (lane != null
        && lane.leftToSweeperUntil != null
        && lane.leftToSweeperUntil.isAfter(clock.instant())) {
      return Next.deferred(ticketId, "sweeper-owns-ticket");
    }
    if (events >= capacity) {
      return Next.deferred(ticketId, "capacity");
    }
    if (lane == null) {
      lane = new Lane();
      lanes.put(ticketId, lane);
    }
    int before = lane.events();
    lane.endSweeperTurn();
    lane.queue(publication, oldestPending);
    return settle(ticketId, lane, before, lane.advance(ticketId));
  }

  /** A ticket's pending events as the sweeper claimed them: lowest version first, contiguous. */
  synchronized Next offerSwept(List<PendingPublication> pending) {
    String ticketId = pending.get(0).ticketId();
    if (!open) {
      return Next.nothing(ticketId);
    }
    Lane lane = lanes.computeIfAbsent(ticketId, id -> new Lane());
    int before = lane.events();
    lane.endSweeperTurn();
    // The sweeper read the ticket's pending events just now: a predecessor check still under way is
    // moot, and its late answer must not touch what the sweeper handed over.
    lane.checking = false;
    long oldest = pending.get(0).version();
    pending.forEach(publication -> lane.queue(publication, oldest));
    return settle(ticketId, lane, before, lane.advance(ticketId));
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
    lane.acknowledged = Math.max(lane.acknowledged, publication.version());
    lane.queued.headMap(lane.acknowledged, true).clear();
    return settle(ticketId, lane, before, lane.advance(ticketId));
  }

  /** The send failed: the ticket's events are left to the sweeper; returns how many. */
  synchronized int failed(PendingPublication publication) {
    Lane lane = lanes.get(publication.ticketId());
    if (lane == null || !lane.isInFlight(publication)) {
      return 0;
    }
    int before = lane.events();
    int left = 1 + lane.queued.size();
    lane.inFlight = null;
    lane.leaveToSweeper(clock.instant().plus(sweeperTakesOver));
    settle(publication.ticketId(), lane, before, null);
    return left;
  }

  /**
   * The ticket's pending versions as just read, for a ticket waiting on an unknown predecessor;
   * ignored when the sweeper's hand-over made the check moot meanwhile.
   */
  synchronized Next predecessorChecked(String ticketId, List<Long> pendingVersions) {
    Lane lane = lanes.get(ticketId);
    if (lane == null || !lane.checking) {
      return Next.nothing(ticketId);
    }
    int before = lane.events();
    lane.checking = false;
    if (lane.inFlight == null && !lane.queued.isEmpty()) {
      if (pendingVersions.isEmpty()) {
        lane.queued.clear();
      } else {
        long oldest = pendingVersions.stream().mapToLong(Long::longValue).min().getAsLong();
        lane.queued.headMap(oldest, false).clear();
        Queued first = lane.queued.get(oldest);
        if (first != null) {
          lane.queued.put(oldest, new Queued(first.publication(), oldest));
        }
      }
    }
    return settle(ticketId, lane, before, lane.advance(ticketId));
  }

  /**
   * The predecessor stayed unknown: the ticket is left to the sweeper; returns how many events. A
   * check the sweeper's hand-over made moot gives up nothing.
   */
  synchronized int giveUp(String ticketId) {
    Lane lane = lanes.get(ticketId);
    if (lane == null || !lane.checking) {
      return 0;
    }
    int before = lane.events();
    int left = lane.queued.size();
    lane.checking = false;
    lane.leaveToSweeper(clock.instant().plus(sweeperTakesOver));
    settle(ticketId, lane, before, null);
    return left;
  }

  /** The ticket's events up to {@code version} were removed from the store. */
  synchronized void forgotten(String ticketId, long version) {
    Lane lane = lanes.get(ticketId);
    if (lane != null) {
      int before = lane.events();
      lane.forgotten = Math.max(lane.forgotten, version);
      settle(ticketId, lane, before, null);
    }
  }

  /**
   * Whether the sweeper may hand over more (tickets left to it hold no events and do not count);
   * also forgets tickets whose sweeper turn is over.
   */
  synchronized boolean hasRoom() {
    Instant now = clock.instant();
    lanes
        .values()
        .removeIf(
            lane ->
                lane.isIdle()
                    && lane.leftToSweeperUntil != null
                    && !lane.leftToSweeperUntil.isAfter(now));
    return events < capacity;
  }

  /** Events queued or in flight. */
  synchronized int events() {
    return events;
  }

  /** Whether nothing is queued, in flight or waiting to be forgotten. */
  synchronized boolean isSettled() {
    return lanes.values().stream().allMatch(Lane::isIdle);
  }

  /**
   * Forgets everything (the publisher failed, or the relay stopped); returns the events dropped.
   */
  synchronized int reset() {
    int dropped = events;
    lanes.clear();
    events = 0;
    return dropped;
  }

  /** Updates the totals after a change to {@code lane}, and forgets the lane once it is idle. */
  private Next settle(String ticketId, Lane lane, int eventsBefore, Next next) {
    events += lane.events() - eventsBefore;
    if (lane.isIdle() && lane.leftToSweeperUntil == null) {
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
    boolean checking;
    Instant leftToSweeperUntil;

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

    boolean isInFlight(PendingPublication publication) {
      return inFlight != null && inFlight.version() == publication.version();
    }

    /** Sends the lowest queued version if its predecessor is known to be acknowledged. */
    Next advance(String ticketId) {
      if (inFlight != null || queued.isEmpty()) {
        return Next.nothing(ticketId);
      }
      Queued first = queued.firstEntry().getValue();
      long version = first.publication().version();
      if (first.oldestPending() >= version || acknowledged >= version - 1) {
        queued.pollFirstEntry();
        inFlight = first.publication();
        return new Next(ticketId, inFlight, false, null);
      }
      if (checking) {
        return Next.nothing(ticketId);
      }
      checking = true;
      return new Next(ticketId, null, true, null);
    }

    void leaveToSweeper(Instant until) {
      queued.clear();
      leftToSweeperUntil = until;
    }

    void endSweeperTurn() {
      leftToSweeperUntil = null;
    }

    int events() {
      return queued.size() + (inFlight == null ? 0 : 1);
    }

    boolean isIdle() {
      return inFlight == null && queued.isEmpty() && !checking && forgotten >= acknowledged;
    }
  }
}
