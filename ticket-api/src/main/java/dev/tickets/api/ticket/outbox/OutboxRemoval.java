package dev.tickets.api.ticket.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Where acknowledged events leave the outbox. Acknowledgements gather for {@code removal-linger}
 * from the first one of a batch; then one unordered bulk write removes every gathered ticket's
 * events up to its highest acknowledged version, at most {@value #MAX_BATCH} tickets per write and
 * one write in flight. A ticket's next write may carry its removal instead ({@link #removableUpTo},
 * {@link #removedByWrite}), in the same {@code findAndModify}. The relay's ticker drives the writes
 * ({@link #due}). A failed write (or one unanswered after {@link #WRITE_TIMEOUT}) is tried again a
 * second later, {@value #ATTEMPTS} times in all; then, or once closed, its events are let go in
 * memory: they stay pending and the sweeper publishes them again (a duplicate the projector
 * recognises), which is better than holding them, and memory, forever.
 */
final class OutboxRemoval {

  private static final Logger log = LoggerFactory.getLogger(OutboxRemoval.class);
  static final int MAX_BATCH = 1_000;
  static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  static final int ATTEMPTS = 5;

  /**
   * A write not answered by then counts as failed: one that hung (a half-open connection) would
   * otherwise hold every later removal back.
   */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  private final PendingEvents pending;
  private final Forgotten forgotten;
  private final Duration linger;
  private final Clock clock;

  /** Gathered acknowledgements, oldest ticket first, so that a full batch takes those first. */
  private final Map<String, PendingPublication> acknowledged = new LinkedHashMap<>();

  private Instant gatheringSince;

  /** A failed batch's next attempt, due at its time; null when none failed. */
  private Attempt retry;

  private boolean writing;
  private boolean closed;

  /** One write of a batch: the how-manieth, and from when it may go. */
  private record Attempt(List<PendingPublication> batch, int number, Instant at) {}

  /** Told once a ticket's events up to a version are removed, or let go. */
  @FunctionalInterface
  interface Forgotten {

    void forgotten(String ticketId, long version);
  }

  OutboxRemoval(PendingEvents pending, Forgotten forgotten, Duration linger, Clock clock) {
    this.pending = pending;
    this.forgotten = forgotten;
    this.linger = linger;
    this.clock = clock;
  }

  /** Kafka acknowledged the publication: its ticket's events up to it may go. */
  void add(PendingPublication publication) {
    synchronized (this) {
      if (!closed) {
        if (acknowledged.isEmpty()) {
          gatheringSince = clock.instant();
        }
        acknowledged.merge(publication.ticketId(), publication, OutboxRemoval::later);
        return;
      }
    }
    letGo(List.of(publication));
  }

  /**
   * The highest version of the ticket that Kafka acknowledged and whose removal is not yet under
   * way; -1 when there is none.
   */
  synchronized long removableUpTo(String ticketId) {
    PendingPublication publication = acknowledged.get(ticketId);
    return publication == null ? -1 : publication.version();
  }

  /** The ticket's own write removed its events up to {@code version}. */
  void removedByWrite(String ticketId, long version) {
    synchronized (this) {
      acknowledged.computeIfPresent(
          ticketId, (id, gathered) -> gathered.version() <= version ? null : gathered);
    }
    forgotten.forgotten(ticketId, version);
  }

  /**
   * Writes what is due: a failed batch once its retry delay is over, else the gathered batch once
   * it lingered long enough, is full, or {@code flush} asks for it at once. Nothing while a write
   * is in flight.
   */
  void due(boolean flush) {
    Attempt attempt;
    synchronized (this) {
      if (writing || closed) {
        return;
      }
      Instant now = clock.instant();
      if (retry != null) {
        if (now.isBefore(retry.at())) {
          return;
        }
        attempt = retry;
        retry = null;
      } else if (!acknowledged.isEmpty()
          && (flush
              || acknowledged.size() >= MAX_BATCH
              || !now.isBefore(gatheringSince.plus(linger)))) {
        attempt = new Attempt(take(), 1, now);
      } else {
        return;
      }
      writing = true;
    }
    Mono.defer(() -> pending.forget(attempt.batch()))
        .timeout(WRITE_TIMEOUT)
        .subscribe(null, error -> writeFailed(attempt, error), () -> written(attempt.batch()));
  }

  /** Writes nothing more, not even a retry; what is left stays pending for the sweeper. */
  void close() {
    List<PendingPublication> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(acknowledged.values());
      acknowledged.clear();
      if (retry != null) {
        left.addAll(retry.batch());
        retry = null;
      }
    }
    letGo(left);
  }

  synchronized void open() {
    closed = false;
  }

  /** Whether nothing waits to be removed. */
  synchronized boolean isIdle() {
    return !writing && retry == null && acknowledged.isEmpty();
  }

  private void written(List<PendingPublication> batch) {
    synchronized (this) {
      writing = false;
    }
    letGo(batch);
  }

  private void writeFailed(Attempt attempt, Throwable error) {
    List<PendingPublication> batch = attempt.batch();
    boolean again;
    synchronized (this) {
      writing = false;
      again = attempt.number() < ATTEMPTS && !closed;
      if (again) {
        retry = new Attempt(batch, attempt.number() + 1, clock.instant().plus(RETRY_DELAY));
      }
    }
    if (again) {
      log.warn(
          "Removing {} tickets' published events failed (attempt {} of {}), retrying in {}: {}",
          batch.size(),
          attempt.number(),
          ATTEMPTS,
          RETRY_DELAY,
          error.toString());
      return;
    }
    log.warn(
        "Removing {} tickets' published events failed; they stay pending and the sweeper "
            + "publishes them again: {}",
        batch.size(),
        error.toString());
    letGo(batch);
  }

  private void letGo(List<PendingPublication> batch) {
    batch.forEach(
        publication -> forgotten.forgotten(publication.ticketId(), publication.version()));
  }

  private List<PendingPublication> take() {
    List<PendingPublication> batch = new ArrayList<>(Math.min(acknowledged.size(), MAX_BATCH));
    for (Iterator<PendingPublication> it = acknowledged.values().iterator();
        it.hasNext() && batch.size() < MAX_BATCH; ) {
      batch.add(it.next());
      it.remove();
    }
    return batch;
  }

  private static PendingPublication later(PendingPublication one, PendingPublication other) {
    return other.version() > one.version() ? other : one;
  }
}
