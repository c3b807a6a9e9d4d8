package dev.tickets.api.ticket.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Removes acknowledged events from their tickets in bulk: one write in flight at a time, carrying
 * every ticket acknowledged meanwhile (its highest version), up to {@value #MAX_BATCH} tickets. A
 * failed write is retried {@value #ATTEMPTS} times, a second apart; then, or once closed, its
 * events are let go in memory: they stay pending and the sweeper publishes them again (a duplicate
 * the projector recognises), which is better than holding them, and memory, forever.
 */
final class OutboxRemoval {

  private static final Logger log = LoggerFactory.getLogger(OutboxRemoval.class);
  static final int MAX_BATCH = 1_000;
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  static final int ATTEMPTS = 5;

  private final PendingEvents pending;
  private final Forgotten forgotten;
  private final Map<String, PendingPublication> acknowledged = new HashMap<>();
  private boolean writing;
  private volatile boolean closed;

  /** Told once a ticket's events up to a version are removed. */
  @FunctionalInterface
  interface Forgotten {

    void forgotten(String ticketId, long version);
  }

  OutboxRemoval(PendingEvents pending, Forgotten forgotten) {
    this.pending = pending;
    this.forgotten = forgotten;
  }

  void add(PendingPublication publication) {
    synchronized (this) {
      acknowledged.merge(publication.ticketId(), publication, OutboxRemoval::later);
      if (writing) {
        return;
      }
      writing = true;
    }
    writeNext();
  }

  /** Writes nothing more, not even a retry; what is left stays pending for the sweeper. */
  void close() {
    closed = true;
  }

  void open() {
    closed = false;
  }

  /** Whether nothing waits to be forgotten. */
  synchronized boolean isIdle() {
    return !writing && acknowledged.isEmpty();
  }

  private void writeNext() {
    List<PendingPublication> batch = take();
    if (batch.isEmpty()) {
      return;
    }
    if (closed) {
      done(batch);
      return;
    }
    write(batch, 1);
  }

  private void write(List<PendingPublication> batch, int attempt) {
    pending
        .forget(batch)
        .subscribe(
            null,
            error -> {
              if (attempt < ATTEMPTS && !closed) {
                log.warn(
                    "Removing {} tickets' published events failed (attempt {} of {}), retrying in {}: {}",
                    batch.size(),
                    attempt,
                    ATTEMPTS,
                    RETRY_DELAY,
                    error.toString());
                Mono.delay(RETRY_DELAY)
                    .subscribe(
                        tick -> {
                          if (closed) {
                            done(batch);
                          } else {
                            write(batch, attempt + 1);
                          }
                        });
              } else {
                log.warn(
                    "Removing {} tickets' published events failed; they stay pending and the sweeper "
                        + "publishes them again: {}",
                    batch.size(),
                    error.toString());
                done(batch);
              }
            },
            () -> done(batch));
  }

  private void done(List<PendingPublication> batch) {
    batch.forEach(
        publication -> forgotten.forgotten(publication.ticketId(), publication.version()));
    writeNext();
  }

  private synchronized List<PendingPublication> take() {
    List<PendingPublication> batch = new ArrayList<>(Math.min(acknowledged.size(), MAX_BATCH));
    for (Iterator<PendingPublication> it = acknowledged.values().iterator();
        it.hasNext() && batch.size() < MAX_BATCH; ) {
      batch.add(it.next());
      it.remove();
    }
    writing = !batch.isEmpty();
    return batch;
  }

  private static PendingPublication later(PendingPublication one, PendingPublication other) {
    return other.version() > one.version() ? other : one;
  }
}
