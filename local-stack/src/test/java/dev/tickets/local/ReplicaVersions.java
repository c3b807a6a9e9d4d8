package dev.tickets.local;

import java.time.Duration;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import reactor.core.publisher.Mono;

/**
 * Reads a ticket's version straight from order-projector's replica collection (database
 * {@code orders}, {@code ticket_replicas}, id lookup). The probe polls this instead of the
 * projector's HTTP API, whose request handling would otherwise cost the projector a good part of a
 * core at saturation, a load the floor (no probe) does not carry.
 */
final class ReplicaVersions implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final MongoClient client;
  private final MongoCollection<Document> replicas;

  ReplicaVersions(String mongoUri) {
    this.client = MongoClients.create(mongoUri);
    this.replicas = client.getDatabase("orders").getCollection("ticket_replicas");
  }

  /** The replica's version, or -1 while there is none. */
  long of(String ticketId) {
    Document replica = Mono.from(replicas.find(Filters.eq("_id", new ObjectId(ticketId)))
        .projection(Projections.include("version")).first()).block(TIMEOUT);
    return replica == null ? -1 : ((Number) replica.get("version")).longValue();
  }

  @Override
  public void close() {
    client.close();
  }
}
