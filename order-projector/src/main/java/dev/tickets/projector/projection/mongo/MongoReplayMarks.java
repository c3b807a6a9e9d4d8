package dev.tickets.projector.projection.mongo;

import dev.tickets.projector.projection.ReplayMarks;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Replays of dead-letter records in MongoDB, collection {@code dead_letter_replays}: one document
 * per record ({@code _id} its topic and position, {@code topic/partition:offset}) with the time it
 * was last replayed.
 */
@Component
class MongoReplayMarks implements ReplayMarks {

  static final String COLLECTION = "dead_letter_replays";

  private final ReactiveMongoTemplate mongo;

  MongoReplayMarks(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public Mono<Map<String, Instant>> all() {
    return MongoOutages.translated(
        mongo
            .find(new Query(), Document.class, COLLECTION)
            .collectMap(
                document -> document.getString("_id"),
                document -> document.getDate("replayedAt").toInstant()),
        "reading replay marks");
  }

  @Override
  public Mono<Void> mark(String position, Instant replayedAt) {
    return MongoOutages.translated(
        mongo
            .upsert(
                new BasicQuery(new Document("_id", position)),
                new Update().set("replayedAt", Date.from(replayedAt)),
                COLLECTION)
            .then(),
        "marking dead-letter record " + position + " replayed");
  }
}
