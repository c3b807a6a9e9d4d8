package dev.tickets.local;

import java.time.Duration;
import java.util.List;

import org.bson.Document;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Mono;

/**
 * Counts ticket-api's events not yet published: the entries of the {@code pending} arrays of the
 * {@code tickets} collection in its {@code tickets} database, by the same aggregation ticket-api
 * uses for its backlog metric.
 */
final class PendingEventCount implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final long POLL = Duration.ofMillis(250).toNanos();
  private static final List<Document> PIPELINE = List.of(
      new Document("$match", new Document("pending.0", new Document("$exists", true))),
      new Document("$unwind", "$pending"),
      new Document("$group", new Document("_id", null).append("count", new Document("$sum", 1))));

  private final MongoClient client;
  private final MongoCollection<Document> tickets;

  PendingEventCount(String mongoUri) {
    this.client = MongoClients.create(mongoUri);
    this.tickets = client.getDatabase("tickets").getCollection("tickets");
  }

  long count() {
    Document totals = Mono.from(tickets.aggregate(PIPELINE).first()).block(TIMEOUT);
    return totals == null ? 0 : ((Number) totals.get("count")).longValue();
  }

  /**
   * Polls about every 250 ms until nothing is pending; returns how long that took since
   * {@code sinceNanos}, or null if something was still pending at {@code deadlineNanos}.
   */
  Duration awaitNone(long sinceNanos, long deadlineNanos) {
    while (true) {
      long checked = System.nanoTime();
      if (count() == 0) {
        return Duration.ofNanos(checked - sinceNanos);
      }
      if (checked - deadlineNanos >= 0) {
        return null;
      }
      MeasureWindow.parkUntil(Math.min(checked + POLL, deadlineNanos));
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
