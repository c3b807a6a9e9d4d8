package dev.tickets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.tickets.infra.WriteCounter.Snapshot;
import dev.tickets.infra.WriteCounter.Writes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counter in front of a real wire server (memory backend), counting what the driver sends. */
class WriteCounterTests {

  private final WriteCounter counter = new WriteCounter();
  private EmbeddedMongo mongo;
  private MongoClient client;

  @BeforeEach
  void startMongo() {
    mongo = EmbeddedMongo.inMemory(0, counter::observe);
    client = MongoClients.create(mongo.connectionString());
  }

  @AfterEach
  void stopMongo() {
    client.close();
    mongo.close();
  }

  @Test
  void countsInsertManyAsOneCommandOfEachDocument() {
    Snapshot before = counter.snapshot();

    tickets().insertMany(documents(3));

    assertThat(counter.snapshot().minus(before).of("tickets", "tickets"))
        .isEqualTo(new Writes(1, 3));
  }

  @Test
  void countsBulkWriteOfThreeUpdatesAsOneCommandOfThreeStatements() {
    tickets().insertMany(documents(3));
    Snapshot before = counter.snapshot();
    List<WriteModel<Document>> updates =
        IntStream.range(0, 3)
            .<WriteModel<Document>>mapToObj(
                i -> new UpdateOneModel<>(Filters.eq("_id", i), Updates.set("version", 1)))
            .toList();

    tickets().bulkWrite(updates);

    assertThat(counter.snapshot().minus(before).of("tickets", "tickets"))
        .isEqualTo(new Writes(1, 3));
  }

  @Test
  void countsFindOneAndUpdateAsOneStatement() {
    tickets().insertMany(documents(1));
    Snapshot before = counter.snapshot();

    tickets().findOneAndUpdate(Filters.eq("_id", 0), Updates.set("version", 1));
    tickets().deleteMany(Filters.eq("_id", 0));

    assertThat(counter.snapshot().minus(before).of("tickets", "tickets"))
        .isEqualTo(new Writes(2, 2));
  }

  @Test
  void countsEachCollectionOnItsOwnAndNoReads() {
    tickets().insertMany(documents(2));
    client.getDatabase("orders").getCollection("tickets").insertOne(new Document("_id", 0));

    tickets().find().into(new ArrayList<>());
    tickets().countDocuments();

    Snapshot counted = counter.snapshot();
    assertThat(counted.of("tickets", "tickets")).isEqualTo(new Writes(1, 2));
    assertThat(counted.of("orders", "tickets")).isEqualTo(new Writes(1, 1));
    assertThat(counted.of("tickets", "idempotency_keys")).isEqualTo(new Writes(0, 0));
  }

  private MongoCollection<Document> tickets() {
    return client.getDatabase("tickets").getCollection("tickets");
  }

  private static List<Document> documents(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new Document("_id", i).append("version", 0))
        .toList();
  }
}
