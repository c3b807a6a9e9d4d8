package dev.tickets.infra;

import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The MongoDB shared by a test JVM: an in-memory {@link EmbeddedMongo} or a Testcontainers MongoDB.
 */
sealed interface SharedMongo {

  String MONGO_IMAGE = "mongo:8";
  int MONGO_PORT = 27017;

  String uri(String database);

  String description();

  void stop();

  static SharedMongo start(boolean docker) {
    if (docker) {
      MongoDBContainer container = new MongoDBContainer(MONGO_IMAGE).withReplicaSet();
      container.start();
      return new Container(container);
    }
    return new Embedded(EmbeddedMongo.inMemory());
  }

  record Embedded(EmbeddedMongo mongo) implements SharedMongo {

    public String uri(String database) {
      return mongo.connectionString(database);
    }

    public String description() {
      return "mongo-java-server at " + mongo.connectionString().substring("mongodb://".length());
    }

    public void stop() {
      mongo.close();
    }
  }

  /**
   * MongoDB 8 as a single-node replica set, like compose.yaml, so transactions and change streams
   * work.
   */
  record Container(MongoDBContainer container) implements SharedMongo {

    public String uri(String database) {
      return container.getReplicaSetUrl(database);
    }

    public String description() {
      return "Testcontainers MongoDB "
          + MONGO_IMAGE
          + " (replica set) at "
          + container.getHost()
          + ":"
          + container.getMappedPort(MONGO_PORT);
    }

    public void stop() {
      container.stop();
    }
  }
}
