package dev.tickets.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EmbeddedMongoIT {

  @Test
  void insertsAndFindsADocumentInMemory() {
    try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
        MongoClient client = MongoClients.create(mongo.connectionString("shop"))) {
      MongoCollection<Document> tickets = client.getDatabase("shop").getCollection("tickets");

      tickets.insertOne(new Document("_id", "t-1").append("version", 3));

      assertThat(mongo.connectionString()).isEqualTo("mongodb://127.0.0.1:" + mongo.port());
      assertThat(mongo.connectionString("shop"))
          .isEqualTo("mongodb://127.0.0.1:" + mongo.port() + "/shop");
      assertThat(tickets.find(Filters.eq("_id", "t-1")).first()).containsEntry("version", 3);
    }
  }

  @Test
  void inMemoryDataIsGoneAfterClose() {
    try (EmbeddedMongo first = EmbeddedMongo.inMemory();
        MongoClient client = MongoClients.create(first.connectionString())) {
      client.getDatabase("shop").getCollection("tickets").insertOne(new Document("_id", "t-1"));
    }
    try (EmbeddedMongo second = EmbeddedMongo.inMemory();
        MongoClient client = MongoClients.create(second.connectionString())) {
      assertThat(client.getDatabase("shop").getCollection("tickets").countDocuments()).isZero();
    }
  }

  @Test
  void keepsDataOnDiskAcrossCloseAndReopen(@TempDir Path dir) {
    Path file = dir.resolve("mongo/tickets.mv");
    int port;
    try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(file, 0);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      port = mongo.port();
      client
          .getDatabase("shop")
          .getCollection("tickets")
          .insertOne(new Document("_id", "t-1").append("status", "OPEN"));
    }

    try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(file, port);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      Document found =
          client
              .getDatabase("shop")
              .getCollection("tickets")
              .find(Filters.eq("_id", "t-1"))
              .first();

      assertThat(mongo.port()).isEqualTo(port);
      assertThat(found).containsEntry("status", "OPEN");
    }
  }

  @Test
  void servesTheSameFileOnTheSamePortAfterARestart(@TempDir Path dir) {
    try (EmbeddedMongo mongo = EmbeddedMongo.onDisk(dir.resolve("restart.mv"), 0);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      int port = mongo.port();
      MongoCollection<Document> tickets = client.getDatabase("shop").getCollection("tickets");
      tickets.insertOne(new Document("_id", "t-1").append("version", 0));

      mongo.stop();
      assertThat(mongo.isRunning()).isFalse();
      mongo.restart();

      assertThat(mongo.port()).isEqualTo(port);
      assertThat(tickets.find(Filters.eq("_id", "t-1")).first()).containsEntry("version", 0);
    }
  }

  @Test
  void refusesToRestartInMemory() {
    try (EmbeddedMongo mongo = EmbeddedMongo.inMemory()) {
      assertThatIllegalStateException().isThrownBy(mongo::restart);
    }
  }

  @Test
  void answersHelloAsMongoDbDoesInBothVariants(@TempDir Path dir) {
    try (EmbeddedMongo memory = EmbeddedMongo.inMemory();
        EmbeddedMongo disk = EmbeddedMongo.onDisk(dir.resolve("hello.mv"), 0)) {
      for (EmbeddedMongo mongo : new EmbeddedMongo[] {memory, disk}) {
        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
          for (String database : new String[] {"admin", "tickets"}) {
            Document hello = client.getDatabase(database).runCommand(new Document("hello", 1));
            assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
            assertThat(hello.getInteger("maxWireVersion")).isPositive();
            assertThat(hello.get("ok", Number.class).intValue()).isEqualTo(1);
          }
        }
      }
    }
  }
}
