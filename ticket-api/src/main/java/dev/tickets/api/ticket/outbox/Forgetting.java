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
 * failed write is retried; an event not yet forgotten is at worst published again by the sweeper.
 */
final class Forgetting {

  private static final Logger log = LoggerFactory.getLogger(Forgetting.class);
  static final int MAX_BATCH = 1_000;
  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final PendingEvents pending;
  private final Forgotten forgotten;
  private final Map<String, PendingPublication> acknowledged = new HashMap<>();
  private boolean writing;

  /** Told once a ticket's events up to a version are removed. */
  @FunctionalInterface
  interface Forgotten {

    void forgotten(String ticketId, long version);
  }

  Forgetting(PendingEvents pending, Forgotten forgotten) {
    this.pending = pending;
    this.forgotten = forgotten;
  }

  void add(PendingPublication publication) {
    synchronized (this) {
      acknowledged.merge(publication.ticketId(), publication, Forgetting::later);
      if (writing) {
        return;
      }
      writing = true;
    }
    writeNext();
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
    pending.forget(batch).subscribe(null,
        error -> retryLater(batch, error),
        () -> {
          batch.forEach(publication -> forgotten.forgotten(publication.ticketId(), publication.version()));
          writeNext();
        });
  }

  private synchronized List<PendingPublication> take() {
    List<PendingPublication> batch = new ArrayList<>(Math.min(acknowledged.size(), MAX_BATCH));
    for (Iterator<PendingPublication> it = acknowledged.values().iterator(); it.hasNext() && batch.size() < MAX_BATCH;) {
      batch.add(it.next());
      it.remove();
    }
    writing = !batch.isEmpty();
    return batch;
  }

  private void retryLater(List<PendingPublication> batch, Throwable error) {
    log.warn("Removing {} tickets' published events failed, retrying in {}: {}", batch.size(), RETRY_DELAY,
        error.toString());
    synchronized (this) {
      batch.forEach(publication -> acknowledged.merge(publication.ticketId(), publication, Forgetting::later));
    }
    Mono.delay(RETRY_DELAY).subscribe(tick -> writeNext());
  }

  private static PendingPublication later(PendingPublication one, PendingPublication other) {
    return other.version() > one.version() ? other : one;
  }
}
