package dev.tickets.infra;

import java.nio.file.Path;
import java.util.List;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (kafka_2.13 3.9.1, KRaft combined broker and controller, one node)
 * running in this JVM and listening on 127.0.0.1 only.
 *
 * <p>Guarantees: the broker is ready for clients when a start method or {@link #restart()} returns;
 * the client port and the controller port never change for the lifetime of an instance, so clients
 * reconnect after {@link #stop()} and {@link #restart()}; records and topics survive a restart
 * because the log dir is reused, never reformatted. All methods are thread-safe.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path logDir;
  private final boolean temporary;
  private final int port;
  private final KafkaConfig config;
  private KafkaRaftServer server;

  private EmbeddedKafka(
      Path logDir,
      boolean temporary,
      int port,
      int controllerPort,
      List<AdvertisedListener> listeners) {
    this.logDir = logDir;
    this.temporary = temporary;
    this.port = port;
    this.config =
        KafkaConfig.fromProps(KafkaBrokerProperties.of(port, controllerPort, logDir, listeners));
  }

  /**
   * Starts a broker on a free loopback port with a fresh temporary log dir, deleted by {@link
   * #close()}.
   */
  public static EmbeddedKafka start() {
    return launch(Directories.createTemp("embedded-kafka-"), true, FreePorts.next(), List.of());
  }

  /**
   * Starts a broker on {@code logDir}, which is kept on close. The dir is formatted only when it
   * holds no {@code meta.properties}; otherwise its topics and records are served again.
   *
   * @param port the client port, or 0 for a free one
   */
  public static EmbeddedKafka start(Path logDir, int port) {
    return start(logDir, port, List.of());
  }

  /**
   * The same, with {@code listeners} beside the PLAINTEXT one on {@code port}: one per client that
   * reaches the broker through a proxy of its own (see {@link AdvertisedListener}).
   */
  public static EmbeddedKafka start(Path logDir, int port, List<AdvertisedListener> listeners) {
    return launch(
        Directories.create(logDir.toAbsolutePath()),
        false,
        port == 0 ? FreePorts.next() : port,
        List.copyOf(listeners));
  }

  private static EmbeddedKafka launch(
      Path logDir, boolean temporary, int port, List<AdvertisedListener> listeners) {
    EmbeddedKafka kafka = new EmbeddedKafka(logDir, temporary, port, FreePorts.next(), listeners);
    try {
      KafkaStorage.formatIfNeeded(kafka.config, logDir);
      kafka.restart();
      return kafka;
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  /** Returns {@code "127.0.0.1:<port>"}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The log dir in use (package-private: for tests). */
  Path logDir() {
    return logDir;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Stops the broker if it runs and waits until it is down; keeps the log dir. Idempotent. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    long started = System.nanoTime();
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      server = null;
    }
    log.info("Embedded Kafka at {} stopped in {} ms", bootstrapServers(), millisSince(started));
  }

  /** Stops the broker if it runs, then starts a new one on the same ports and log dir. */
  public synchronized void restart() {
    stop();
    long started = System.nanoTime();
    KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      candidate.startup();
    } catch (RuntimeException e) {
      candidate.shutdown();
      candidate.awaitShutdown();
      throw new IllegalStateException("Embedded Kafka did not start at " + bootstrapServers(), e);
    }
    server = candidate;
    log.info(
        "Embedded Kafka {} KRaft started at {} in {} ms (log dir {})",
        AppInfoParser.getVersion(),
        bootstrapServers(),
        millisSince(started),
        logDir);
  }

  /**
   * Creates a topic with replication factor 1 and waits until its partitions have a leader; an
   * existing topic is left as it is.
   */
  public void createTopic(String name, int partitions) {
    try (KafkaTestClient client = new KafkaTestClient(bootstrapServers())) {
      client.createTopics(partitions, name);
    }
  }

  /** Stops the broker and deletes the log dir if it was temporary. */
  @Override
  public synchronized void close() {
    stop();
    if (temporary) {
      Directories.deleteRecursively(logDir);
    }
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
