package dev.tickets.consistency;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.tickets.events.TicketTopics;
import dev.tickets.infra.AdvertisedListener;
import dev.tickets.infra.EmbeddedKafka;
import dev.tickets.infra.EmbeddedMongo;
import dev.tickets.infra.FreePorts;
import dev.tickets.local.DevTokens;
import dev.tickets.local.ServiceJars;
import dev.tickets.local.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.netcrusher.core.reactor.NioReactor;

/**
 * One Kafka broker (KRaft, in this JVM) and one MongoDB wire server (H2 file, in this JVM, every
 * replica write recorded), with ticket-api and order-projector instances as child JVMs of their
 * executable jars. Every part can be killed or stopped and started again on the same port and data.
 *
 * <p>Each instance reaches Kafka and MongoDB through {@link Link}s of its own, TCP proxies that a
 * scenario can freeze, slow down or reset one at a time. For Kafka, each instance's slot has a
 * broker listener of its own that advertises that instance's proxy, so that the metadata sends all
 * of the instance's connections (and only its own) through its link.
 */
final class Cluster implements AutoCloseable {

  static final String TICKETS_DB = "tickets";
  static final String ORDERS_DB = "orders";
  static final int PARTITIONS = 6;

  /** Instance slots with links of their own: two ticket-api, then up to three projectors. */
  private static final int SLOTS = 5;

  private static final int TICKET_API_SLOTS = 2;

  /** Reads the instances' metrics: one client for every poll. */
  private static final WriteClient OPERATOR = new WriteClient(-1);

  private final Path data;
  private final Path services;
  private final ReplicaWriteRecorder recorder =
      new ReplicaWriteRecorder(ORDERS_DB, "ticket_replicas");
  private final EmbeddedKafka kafka;
  private final EmbeddedMongo mongo;
  private final List<Instance> ticketApis = new ArrayList<>();
  private final List<Instance> projectors = new ArrayList<>();
  private final NioReactor reactor;
  private final List<Link> kafkaLinks = new ArrayList<>();
  private final List<Link> mongoLinks = new ArrayList<>();
  private MongoClient reader;

  private Cluster(Path data, Path services) {
    this.data = data;
    this.services = services;
    this.reactor = newReactor();
    List<AdvertisedListener> listeners = new ArrayList<>();
    for (int slot = 0; slot < SLOTS; slot++) {
      int proxyPort = FreePorts.next();
      int brokerPort = FreePorts.next();
      listeners.add(new AdvertisedListener("LINK_" + slot, brokerPort, proxyPort));
      kafkaLinks.add(Link.open(reactor, "kafka link " + slot, proxyPort, brokerPort));
    }
    this.kafka = EmbeddedKafka.start(data.resolve("kafka"), 0, listeners);
    this.mongo = EmbeddedMongo.onDisk(data.resolve("mongo.mv"), 0, recorder::observe);
    for (int slot = 0; slot < SLOTS; slot++) {
      mongoLinks.add(Link.open(reactor, "mongo link " + slot, mongo.port()));
    }
    kafka.createTopic(TicketTopics.EVENTS, PARTITIONS);
    kafka.createTopic(TicketTopics.deadLetterOf(TicketTopics.EVENTS), PARTITIONS);
  }

  /**
   * Starts the infrastructure and {@code ticketApis} + {@code projectors} instances, in parallel;
   * data and the services' logs go to {@code data}.
   */
  static Cluster start(Path data, Path services, int ticketApis, int projectors) {
    Cluster cluster = new Cluster(data, services);
    try {
      IntStream.range(0, ticketApis).forEach(i -> cluster.ticketApis.add(cluster.ticketApi(i)));
      IntStream.range(0, projectors).forEach(i -> cluster.projectors.add(cluster.projector(i)));
      CompletableFuture.allOf(
              cluster.all().stream()
                  .map(instance -> CompletableFuture.runAsync(instance::start))
                  .toArray(CompletableFuture[]::new))
          .join();
      return cluster;
    } catch (RuntimeException ex) {
      cluster.close();
      throw ex;
    }
  }

  List<Instance> ticketApis() {
    return ticketApis;
  }

  List<Instance> projectors() {
    return projectors;
  }

  private static NioReactor newReactor() {
    try {
      return new NioReactor();
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not open the links' selector", ex);
    }
  }

  /** Every instance slot's link to Kafka. */
  List<Link> kafkaLinks() {
    return List.copyOf(kafkaLinks);
  }

  /** Every link of every instance slot, to Kafka and to MongoDB. */
  List<Link> links() {
    List<Link> all = new ArrayList<>(kafkaLinks);
    all.addAll(mongoLinks);
    return all;
  }

  /** Adds and starts one more order-projector in the same consumer group. */
  Instance addProjector() {
    Instance added = projector(projectors.size());
    added.start();
    projectors.add(added);
    return added;
  }

  /** Stops the last-added order-projector gracefully and forgets it. */
  void removeProjector() {
    projectors.remove(projectors.size() - 1).stop();
  }

  /** Fails unless nothing accepts connections on {@code port}: proof that a stop took effect. */
  static void assertClosed(int port, String what) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      throw new IllegalStateException(what + " still accepts connections on port " + port);
    } catch (IOException refused) {
      // as intended: nothing listens
    }
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  EmbeddedMongo mongo() {
    return mongo;
  }

  ReplicaWriteRecorder recorder() {
    return recorder;
  }

  /**
   * The stored versions of {@code ids} in {@code database}'s {@code collection} (the source: {@code
   * tickets} in {@link #TICKETS_DB}; the replicas: {@code ticket_replicas} in {@link #ORDERS_DB}),
   * read in one query straight from the wire server, so that a measurement of how fast the services
   * are is not slowed down by requests to those same services; ids without a document are left out.
   */
  Map<String, Long> storedVersions(String database, String collection, Collection<String> ids) {
    List<Object> keys = new ArrayList<>();
    for (String id : ids) {
      keys.add(id);
      if (ObjectId.isValid(id)) {
        keys.add(new ObjectId(id));
      }
    }
    Map<String, Long> versions = new HashMap<>();
    reader()
        .getDatabase(database)
        .getCollection(collection)
        .find(new Document("_id", new Document("$in", keys)))
        .projection(new Document("version", 1))
        .forEach(
            stored ->
                versions.put(
                    stored.get("_id") instanceof ObjectId objectId
                        ? objectId.toHexString()
                        : String.valueOf(stored.get("_id")),
                    ((Number) stored.get("version")).longValue()));
    return versions;
  }

  private synchronized MongoClient reader() {
    if (reader == null) {
      reader = MongoClients.create(mongo.connectionString());
    }
    return reader;
  }

  /**
   * Diagnostics: each instance's gauges of work waiting (the relay's held events and the backlog;
   * the projector's partitions, held and unsettled records).
   */
  String diagnostics() {
    List<String> seen = new ArrayList<>();
    for (Instance api : ticketApis) {
      seen.add(
          api.name()
              + " relay "
              + api.metric("outbox_relay_events")
              + " pending "
              + api.metric("outbox_pending_events"));
    }
    for (Instance projector : projectors) {
      seen.add(
          projector.name()
              + " partitions "
              + projector.metric("kafka_consumer_coordinator_assigned_partitions")
              + " held age "
              + projector.metric("projector_held_oldest_age_seconds")
              + " unsettled age "
              + projector.metric("projector_oldest_unsettled_age_seconds"));
    }
    return String.join("; ", seen);
  }

  /** Diagnostics: the tickets that hold pending events, with their sweep fields (at most 5). */
  String pendingSummary() {
    try (MongoClient client = MongoClients.create(mongo.connectionString())) {
      List<String> found = new ArrayList<>();
      client
          .getDatabase(TICKETS_DB)
          .getCollection("tickets")
          .find(new Document("pending.0", new Document("$exists", true)))
          .forEach(
              ticket ->
                  found.add(
                      ticket.get("_id")
                          + " v"
                          + ticket.get("version")
                          + " pending "
                          + ((List<?>) ticket.get("pending")).size()
                          + " sweepAt "
                          + ticket.get("sweepAt")
                          + " leaseEnd "
                          + ticket.get("sweepLeaseEnd")
                          + " claim "
                          + ticket.get("sweepClaim")));
      return found.size() + " " + found.subList(0, Math.min(5, found.size()));
    }
  }

  private Instance ticketApi(int index) {
    int slot = index;
    if (slot >= TICKET_API_SLOTS) {
      throw new IllegalStateException("No link slot left for ticket-api-" + index);
    }
    return new Instance(
        "ticket-api-" + index,
        ServiceJars.find(services, "ticket-api"),
        FreePorts.next(),
        kafkaLinks.get(slot),
        mongoLinks.get(slot),
        Map.of(
            "SPRING_MONGODB_URI",
            "mongodb://127.0.0.1:" + mongoLinks.get(slot).port() + "/" + TICKETS_DB,
            "TICKET_API_KAFKA_BOOTSTRAP_SERVERS",
            "127.0.0.1:" + kafkaLinks.get(slot).port(),
            "TICKET_API_SECURITY_JWT_SECRET",
            DevTokens.SECRET),
        data.resolve("ticket-api-" + index + ".log"));
  }

  private Instance projector(int index) {
    int slot = TICKET_API_SLOTS + index;
    if (slot >= SLOTS) {
      throw new IllegalStateException("No link slot left for order-projector-" + index);
    }
    return new Instance(
        "order-projector-" + index,
        ServiceJars.find(services, "order-projector"),
        FreePorts.next(),
        kafkaLinks.get(slot),
        mongoLinks.get(slot),
        Map.of(
            "SPRING_MONGODB_URI",
            "mongodb://127.0.0.1:" + mongoLinks.get(slot).port() + "/" + ORDERS_DB,
            "ORDER_PROJECTOR_KAFKA_BOOTSTRAP_SERVERS",
            "127.0.0.1:" + kafkaLinks.get(slot).port(),
            // As an operator running several instances would: a killed instance's partitions move
            // after 10 s instead of Kafka's default 45 s.
            "ORDERPROJECTOR_KAFKA_CONSUMER_SESSION_TIMEOUT_MS",
            "10000",
            // Static membership: one id per instance, kept across its restarts, so a restarted
            // instance gets its partitions back at once.
            "ORDER_PROJECTOR_GROUP_INSTANCE_ID",
            "order-projector-" + index),
        data.resolve("order-projector-" + index + ".log"));
  }

  private List<Instance> all() {
    List<Instance> all = new ArrayList<>(ticketApis);
    all.addAll(projectors);
    return all;
  }

  /**
   * Stops the services gracefully, then Kafka and MongoDB; keeps the data dir (logs) for a look.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (reader != null) {
        reader.close();
      }
    }
    links().forEach(Link::unfreeze);
    all().parallelStream().forEach(Instance::stop);
    kafka.close();
    mongo.close();
    links().forEach(Link::close);
    reactor.close();
  }

  /** One service instance: a fixed port and environment, started, killed and restarted at will. */
  static final class Instance {

    private final String name;
    private final Path jar;
    private final int port;
    private final Link kafkaLink;
    private final Link mongoLink;
    private final Map<String, String> environment;
    private final Path logFile;
    private volatile ServiceProcess process;

    Instance(
        String name,
        Path jar,
        int port,
        Link kafkaLink,
        Link mongoLink,
        Map<String, String> environment,
        Path logFile) {
      this.name = name;
      this.jar = jar;
      this.port = port;
      this.kafkaLink = kafkaLink;
      this.mongoLink = mongoLink;
      this.environment = environment;
      this.logFile = logFile;
    }

    String name() {
      return name;
    }

    /** This instance's link to Kafka: every connection of its producer or consumer. */
    Link kafkaLink() {
      return kafkaLink;
    }

    /** This instance's link to MongoDB. */
    Link mongoLink() {
      return mongoLink;
    }

    String baseUrl() {
      return "http://127.0.0.1:" + port;
    }

    /**
     * Starts the instance and returns once it is ready; fails unless it reached MongoDB through its
     * own link (both services read it before they are ready; ticket-api's producer connects to
     * Kafka only with its first send, so its Kafka link is proven by the scenarios that fault it).
     */
    void start() {
      process = ServiceProcess.start(name, jar, port, environment, logFile);
      if (mongoLink.connectionsCarried() == 0) {
        throw new IllegalStateException(
            name + " is ready but never connected through " + mongoLink);
      }
    }

    /** kill -9: no shutdown hook, nothing flushed or committed. */
    void kill() {
      process.kill();
      if (process.isAlive()) {
        throw new IllegalStateException(name + " survived kill -9");
      }
    }

    /**
     * Waits until this projector's consumer has partitions assigned (after a start or a rebalance).
     */
    void awaitPartitions(Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (assignedPartitionsOrNone() <= 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " got no partitions within " + limit);
        }
        Thread.sleep(200);
      }
    }

    /**
     * How many partitions this projector's consumer holds; fails when the instance did not answer
     * or does not report it.
     */
    int assignedPartitions() {
      double assigned = metric("kafka_consumer_coordinator_assigned_partitions");
      if (Double.isNaN(assigned)) {
        throw new IllegalStateException(name + " reports no assigned partitions");
      }
      return (int) assigned;
    }

    /** {@link #assignedPartitions()}, or -1 while the instance does not answer. */
    int assignedPartitionsOrNone() {
      try {
        return assignedPartitions();
      } catch (IllegalStateException notYet) {
        return -1;
      }
    }

    /**
     * The sum of the values of the Prometheus series {@code name} (every tag set), read from this
     * instance; NaN when it has none or did not answer.
     */
    double metric(String name) {
      String lines = OPERATOR.metrics(baseUrl(), name);
      return lines
          .lines()
          .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
          .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
          .reduce(Double::sum)
          .orElse(Double.NaN);
    }

    /** Graceful stop (SIGTERM). */
    void stop() {
      if (process != null) {
        process.close();
      }
    }
  }
}
