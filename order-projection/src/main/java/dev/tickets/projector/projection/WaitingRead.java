package dev.tickets.projector.projection;

import dev.tickets.projector.projection.ReplicaWaits.Answer;
import dev.tickets.projector.projection.ReplicaWaits.Behind;
import dev.tickets.projector.projection.ReplicaWaits.Reached;
import dev.tickets.projector.projection.ReplicaWaits.Unavailable;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One read that asked for a version: what it has seen of its ticket's replica, whether it holds a
 * place among the waiting reads, and the promise a write of that version fulfils. Whatever ends the
 * read (an answer, the end of its wait, a client that went away), {@link #finish} tells at most
 * once that it held a place.
 */
final class WaitingRead {

  private static final int NEW = 0;
  private static final int WAITING = 1;
  private static final int DONE = 2;
  private static final Unavailable UNAVAILABLE = new Unavailable();

  final String ticketId;
  final long minVersion;
  private final Sinks.One<Answer> promise = Sinks.one();
  private final AtomicInteger state = new AtomicInteger(NEW);
  private volatile long begun;
  private boolean read;
  private TicketReplica latest;
  private Reached reached;
  private volatile Answer answer;

  WaitingRead(String ticketId, long minVersion) {
    this.ticketId = ticketId;
    this.minVersion = minVersion;
  }

  /** The store answered a read of the replica: {@code replica}, or null when there is none. */
  synchronized void read(TicketReplica replica) {
    read = true;
    if (replica != null) {
      saw(replica);
    }
  }

  /**
   * This replica was read or written: the latest one seen; at {@link #minVersion} or later it is
   * the answer, and the promise is fulfilled.
   */
  void saw(TicketReplica replica) {
    Reached now;
    synchronized (this) {
      if (latest == null || replica.version() > latest.version()) {
        latest = replica;
      }
      if (reached != null || replica.version() < minVersion) {
        return;
      }
      reached = new Reached(replica);
      now = reached;
    }
    promise.tryEmitValue(now);
  }

  /** The replica as first read, if it holds the version: the read is answered without waiting. */
  synchronized Reached reachedAlready() {
    return reached;
  }

  /** Fulfilled once the replica is seen at the version. */
  Mono<Answer> reached() {
    return promise.asMono();
  }

  /**
   * What the read is answered when its time is up: the replica if it was seen at the version (it
   * may have been written a moment ago); otherwise the latest version seen; {@link Unavailable}
   * when the store never answered.
   */
  synchronized Answer whenTimeIsUp() {
    if (reached != null) {
      return reached;
    }
    if (!read) {
      return UNAVAILABLE;
    }
    return new Behind(latest == null ? null : latest.version());
  }

  /** Takes its place among the waiting reads; false if the read already ended. */
  boolean begin() {
    if (!state.compareAndSet(NEW, WAITING)) {
      return false;
    }
    begun = System.nanoTime();
    return true;
  }

  /** The read ended: true at most once, and only if it held a place, which it gives up now. */
  boolean finish() {
    return state.getAndSet(DONE) == WAITING;
  }

  /** What the read was answered (null: it went away first). */
  void answered(Answer answer) {
    this.answer = answer;
  }

  Answer answer() {
    return answer;
  }

  /** Nanoseconds since the read took its place. */
  long waitedNanos() {
    return System.nanoTime() - begun;
  }
}
