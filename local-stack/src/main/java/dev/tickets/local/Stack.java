package dev.tickets.local;

import dev.tickets.events.TicketTopics;
import dev.tickets.infra.EmbeddedKafka;
import dev.tickets.infra.EmbeddedMongo;
import dev.tickets.infra.FreePorts;
import dev.tickets.infra.WriteCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole pair on one machine: a real Kafka broker (KRaft) and a MongoDB wire server in this JVM,
 * ticket-api and order-projector as child JVMs of their executable jars. Data lives under the data
 * dir and survives a restart unless the stack is started fresh. The wire server counts the write
 * commands it is sent ({@link #writes()}), for benchmarks.
 */
public final class Stack implements AutoCloseable {

  private static final int PARTITIONS = 6;

  /** What the stack writes in its data dir (names begin so); see {@link #requireOnlyStackData}. */
  private static final List<String> DATA_ENTRIES =
      List.of("mongo.mv", "kafka", "logs", "alice.token", "bob.token", "operator.password");

  /**
   * System property: {@code memory} keeps MongoDB's data in memory instead of the H2 file
   * (benchmarks).
   */
  public static final String MONGO_STORAGE = "tickets.stack.mongo";

  private final StackOptions options;
  private final WriteCounter writes = new WriteCounter();
  private final EmbeddedMongo mongo;
  private final EmbeddedKafka kafka;
  private final int ticketApiPort;
  private final int projectorPort;
  private ServiceProcess ticketApi;
  private ServiceProcess projector;

  private Stack(StackOptions options) {
    this.options = options;
    Path data = prepare(options);
    this.mongo =
        "memory".equals(System.getProperty(MONGO_STORAGE))
            ? EmbeddedMongo.inMemory(options.mongoPort(), writes::observe)
            : EmbeddedMongo.onDisk(data.resolve("mongo.mv"), options.mongoPort(), writes::observe);
    this.kafka = EmbeddedKafka.start(data.resolve("kafka"), options.kafkaPort());
    // As compose.yaml does: the event topic and its dead-letter topic, before any client uses them.
    kafka.createTopic(TicketTopics.EVENTS, PARTITIONS);
    kafka.createTopic(TicketTopics.deadLetterOf(TicketTopics.EVENTS), PARTITIONS);
    this.ticketApiPort = port(options.ticketApiPort());
    this.projectorPort = port(options.projectorPort());
  }

  /**
   * Starts everything and returns once both services are ready. Throws {@link PortInUse} before
   * anything is started if one of the given ports is taken, and {@link ServiceDidNotStart} (after
   * stopping what was started) if a service does not come up.
   */
  public static Stack start(StackOptions options) {
    PortInUse.requireFree(options);
    Stack stack = new Stack(options);
    try {
      stack.startTicketApi(Map.of());
      stack.startProjector();
      return stack;
    } catch (RuntimeException ex) {
      stack.close();
      throw ex;
    }
  }

  public String ticketApiUrl() {
    return ticketApi.baseUrl();
  }

  public String projectorUrl() {
    return "http://127.0.0.1:" + projectorPort;
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String mongoUri() {
    return mongo.connectionString();
  }

  /** The write commands the MongoDB wire server was sent so far, by database and collection. */
  public WriteCounter writes() {
    return writes;
  }

  /** CPU time used so far by ticket-api (the running instance) and by order-projector. */
  public Duration ticketApiCpuTime() {
    return ticketApi.cpuTime();
  }

  public Duration projectorCpuTime() {
    return projector.cpuTime();
  }

  public Path dataDir() {
    return options.dataDir();
  }

  /** Stops order-projector gracefully: it commits what it acknowledged. */
  public void stopProjector() {
    projector.close();
  }

  /** Starts order-projector again on the same port and consumer group. */
  public void startProjector() {
    projector =
        ServiceProcess.start(
            "order-projector",
            jar("order-projector"),
            projectorPort,
            Map.of(
                "SPRING_MONGODB_URI",
                mongo.connectionString("orders"),
                "ORDER_PROJECTOR_KAFKA_BOOTSTRAP_SERVERS",
                kafka.bootstrapServers(),
                "ORDER_PROJECTOR_OPERATOR_PASSWORD",
                DevTokens.OPERATOR_PASSWORD),
            logFile("order-projector"));
  }

  /**
   * Stops ticket-api gracefully and starts it again on the same port, database and broker, with
   * {@code extraEnvironment} added to (and overriding) its usual environment, e.g. a setting to
   * switch off for a measurement. Returns once it is ready.
   */
  public void restartTicketApi(Map<String, String> extraEnvironment) {
    ticketApi.close();
    startTicketApi(extraEnvironment);
  }

  private void startTicketApi(Map<String, String> extraEnvironment) {
    Map<String, String> environment = new HashMap<>(ticketApiEnvironment());
    environment.putAll(extraEnvironment);
    ticketApi =
        ServiceProcess.start(
            "ticket-api", jar("ticket-api"), ticketApiPort, environment, logFile("ticket-api"));
  }

  private Map<String, String> ticketApiEnvironment() {
    return Map.of(
        "SPRING_MONGODB_URI",
        mongo.connectionString("tickets"),
        "TICKET_API_KAFKA_BOOTSTRAP_SERVERS",
        kafka.bootstrapServers(),
        "TICKET_API_SECURITY_JWT_SECRET",
        DevTokens.SECRET,
        "TICKET_API_OPERATOR_PASSWORD",
        DevTokens.OPERATOR_PASSWORD);
  }

  /** Stops the services first (gracefully, while Kafka still runs), then Kafka, then MongoDB. */
  @Override
  public void close() {
    if (projector != null) {
      projector.close();
    }
    if (ticketApi != null) {
      ticketApi.close();
    }
    kafka.close();
    mongo.close();
  }

  private Path jar(String service) {
    return ServiceJars.find(options.servicesDir(), service);
  }

  private Path logFile(String service) {
    return options.dataDir().resolve("logs").resolve(service + ".log");
  }

  private static int port(int configured) {
    return configured == 0 ? FreePorts.next() : configured;
  }

  /**
   * {@code --fresh} deletes the data dir, so it must hold nothing the stack did not write: a {@code
   * --data-dir} that names the repository or a home directory by mistake is refused, not emptied.
   */
  static void requireOnlyStackData(Path data) throws IOException {
    List<String> foreign;
    try (Stream<Path> entries = Files.list(data)) {
      foreign =
          entries
              .map(entry -> entry.getFileName().toString())
              .filter(name -> DATA_ENTRIES.stream().noneMatch(name::startsWith))
              .sorted()
              .limit(3)
              .toList();
    }
    if (!foreign.isEmpty()) {
      throw new StackOptions.BadCommandLine(
          "--fresh would delete "
              + data
              + ", which holds files the stack did not write ("
              + String.join(", ", foreign)
              + "); choose a new or empty --data-dir");
    }
  }

  private static Path prepare(StackOptions options) {
    Path data = options.dataDir().toAbsolutePath();
    try {
      if (options.fresh() && Files.exists(data)) {
        requireOnlyStackData(data);
        try (Stream<Path> all = Files.walk(data)) {
          all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
      Files.createDirectories(data.resolve("logs"));
      return data;
    } catch (IOException ex) {
      throw new IllegalStateException("Cannot prepare data dir " + data, ex);
    }
  }
}
