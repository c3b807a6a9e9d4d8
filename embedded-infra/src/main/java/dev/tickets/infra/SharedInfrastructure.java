package dev.tickets.infra;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka and one MongoDB per test JVM, chosen automatically: Testcontainers (MongoDB {@code
 * mongo:8} as a single-node replica set, Kafka {@code apache/kafka:3.9.1}) when a Docker engine is
 * available, otherwise {@link EmbeddedKafka#start()} and {@link EmbeddedMongo#inMemory()}.
 *
 * <p>Each server starts on first use, is logged once at INFO with the infrastructure chosen and
 * where it listens, and is stopped by a JVM shutdown hook. Thread-safe. Tests share the servers and
 * isolate themselves by topic, consumer group and database name. The system property or environment
 * variable {@code tickets.test.infra=embedded} (also {@code TICKETS_TEST_INFRA}) forces the
 * embedded servers.
 */
public final class SharedInfrastructure {

  private static final Logger log = LoggerFactory.getLogger(SharedInfrastructure.class);

  private static final Lazy<InfrastructureChoice> CHOICE = new Lazy<>(SharedInfrastructure::choose);
  private static final Lazy<SharedKafka> KAFKA =
      new Lazy<>(
          () -> announce(SharedKafka.start(CHOICE.get().docker()), SharedKafka::description));
  private static final Lazy<SharedMongo> MONGO =
      new Lazy<>(
          () -> announce(SharedMongo.start(CHOICE.get().docker()), SharedMongo::description));

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(SharedInfrastructure::stopAll, "shared-infrastructure-stop"));
  }

  private SharedInfrastructure() {}

  /** Bootstrap servers of the shared Kafka, started if needed. */
  public static String kafkaBootstrapServers() {
    return KAFKA.get().bootstrapServers();
  }

  /** Connection string of the shared MongoDB including {@code database}, started if needed. */
  public static String mongoUri(String database) {
    return MONGO.get().uri(database);
  }

  /** Names the infrastructure in use and where it listens; starts both servers if needed. */
  public static String describe() {
    return KAFKA.get().description() + ", " + MONGO.get().description();
  }

  /**
   * The shared broker, present only on the embedded path, so that tests can stop and restart it.
   */
  public static Optional<EmbeddedKafka> embeddedKafka() {
    return KAFKA.get().embedded();
  }

  private static InfrastructureChoice choose() {
    InfrastructureChoice choice = InfrastructureChoice.detect();
    log.info(
        "Test infrastructure: {} ({})",
        choice.docker() ? "Testcontainers" : "embedded",
        choice.reason());
    return choice;
  }

  private static <T> T announce(T server, Function<T, String> description) {
    log.info("Test infrastructure started: {}", description.apply(server));
    return server;
  }

  private static void stopAll() {
    KAFKA.ifCreated().ifPresent(quietly(SharedKafka::stop));
    MONGO.ifCreated().ifPresent(quietly(SharedMongo::stop));
  }

  private static <T> Consumer<T> quietly(Consumer<T> stop) {
    return server -> {
      try {
        stop.accept(server);
      } catch (RuntimeException e) {
        log.warn("Could not stop {}", server, e);
      }
    };
  }
}
