package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.events.TicketEvent;
import dev.tickets.infra.EmbeddedMongo;
import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.projector.projection.ReplicaWaits;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.ReplicaReads;
import dev.tickets.testkit.TestInfrastructure;
import dev.tickets.testkit.TicketEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A read with {@code ?minVersion=N} ends within its wait, its reads of the store included, while
 * MongoDB is out: 503 {@code storage-unavailable} when the store never answered, 504 {@code
 * replica-behind} with the last version seen when it answered before it went away; a read without
 * {@code minVersion} is a 503, not a 500. Over real HTTP and Kafka, with a MongoDB
 * (mongo-java-server on an H2 file) of its own, so that stopping it disturbs no other test; it is
 * restarted after each case.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"order-projector.read.max-wait=5s"})
@AutoConfigureWebTestClient
@DirtiesContext // the application must not outlive the MongoDB it was given
class ReadWaitOutageIT {

  static final Topic TOPIC = new Topic("read-wait-outage");

  /**
   * The driver's server selection timeout: how long a read without {@code minVersion} waits for an
   * absent MongoDB. Longer than every wait below, so that a wait that did not bound its reads of
   * the store would answer late and fail the timing assertions.
   */
  static final Duration SERVER_SELECTION = Duration.ofSeconds(10);

  /**
   * What an answer may take beyond the time it is due: less than SERVER_SELECTION, on a slow CI.
   */
  static final Duration MARGIN = Duration.ofSeconds(4);

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicLong IDS = new AtomicLong(0x65c000000000000L);
  private static final String STORAGE_UNAVAILABLE = "urn:problem-type:tickets:storage-unavailable";
  private static final String REPLICA_BEHIND = "urn:problem-type:tickets:replica-behind";

  private static Path data;
  private static EmbeddedMongo mongo;

  @Autowired WebTestClient http;
  @Autowired ReplicaWaits waits;
  @Autowired MeterRegistry registry;

  /** The ticket of the running case, read again after MongoDB restarts. */
  private String ticket;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
    TOPIC.create(1);
    data = Files.createTempDirectory("read-wait-outage");
    // Port 0: a free loopback port, which the server keeps across stop() and restart().
    mongo = EmbeddedMongo.onDisk(data.resolve("mongo.mv"), 0);
    Map<String, String> properties =
        new LinkedHashMap<>(TestInfrastructure.orderProjectorProperties(TOPIC.name, TOPIC.name));
    properties.put(
        "spring.mongodb.uri",
        mongo.connectionString("read-wait-outage")
            + "?serverSelectionTimeoutMS="
            + SERVER_SELECTION.toMillis());
    properties.forEach((name, value) -> registry.add(name, () -> value));
  }

  @AfterEach
  void restartMongo() {
    mongo.restart();
    await().atMost(TIMEOUT).until(() -> waits.waiting() == 0);
    if (ticket != null) {
      // The driver finds the server again: the ticket, written before the outage, reads as it was.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  read(ticket, null, null)
                      .expectStatus()
                      .isOk()
                      .expectHeader()
                      .valueEquals(HttpHeaders.ETAG, "\"0\""));
    }
  }

  @AfterAll
  static void close() throws IOException {
    TOPIC.close();
    mongo.close();
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Test
  void aWaitWhoseFirstReadNeverAnswersIs503StorageUnavailableWithinTheWait() throws Exception {
    ticket = applied();
    double unavailable = waits("unavailable");
    double started = waits("started");
    mongo.stop();

    Timed answer = timed(() -> read(ticket, "1", "wait=2"));

    assertStorageUnavailable(answer.response());
    assertThat(answer.elapsed()).isLessThan(Duration.ofSeconds(2).plus(MARGIN));
    assertThat(waits("unavailable")).isEqualTo(unavailable + 1);
    assertThat(waits("started")).as("a read never answered takes no place").isEqualTo(started);
  }

  @Test
  void aWaitThatSawVersion0BeforeMongoWentAwayIs504ReplicaBehindAtTheEndOfTheWait()
      throws Exception {
    ticket = applied();
    double started = waits("started");
    double timedOut = waits("timed-out");
    double unavailable = waits("unavailable");
    double lookUpFailures = lookUpFailures();

    long sent = System.nanoTime();
    CompletableFuture<Timed> waiting =
        CompletableFuture.supplyAsync(() -> timed(() -> read(ticket, "1", "wait=3")));
    await().atMost(TIMEOUT).until(() -> waits.waiting() == 1);
    mongo.stop();
    Timed answer = waiting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    answer
        .response()
        .expectStatus()
        .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "1")
        .expectHeader()
        .valueEquals("Preference-Applied", "wait=3")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(REPLICA_BEHIND)
        .jsonPath("$.currentVersion")
        .isEqualTo(0);
    // At the end of the wait, not earlier (an error) and not later (a read of the store it waited
    // for), counted from the request's start.
    assertThat(answer.elapsed())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3))
        .isLessThan(Duration.ofSeconds(3).plus(MARGIN));
    assertThat(Duration.ofNanos(System.nanoTime() - sent))
        .isLessThan(Duration.ofSeconds(3).plus(MARGIN));
    assertThat(waits("started")).isEqualTo(started + 1);
    assertThat(waits("timed-out")).isEqualTo(timedOut + 1);
    assertThat(waits("unavailable")).isEqualTo(unavailable);
    assertThat(waits.waiting()).isZero();
    // The shared look-up of the waiting ticket, polled while it waited, failed on the absent
    // MongoDB at the latest a server selection timeout after the stop, and was counted.
    await().atMost(SERVER_SELECTION.plus(TIMEOUT)).until(() -> lookUpFailures() > lookUpFailures);
  }

  @Test
  void aReadWithoutMinVersionWhileMongoIsOutIs503StorageUnavailableNot500() throws Exception {
    ticket = applied();
    mongo.stop();

    Timed answer = timed(() -> read(ticket, null, null));

    assertStorageUnavailable(answer.response());
    assertThat(answer.elapsed()).isLessThan(SERVER_SELECTION.plus(MARGIN));
  }

  /** A new ticket, sent to Kafka at version 0 and read back from the replica at version 0. */
  private String applied() throws Exception {
    String id = String.format("%024x", IDS.incrementAndGet());
    TicketEvent created = TicketEvents.created(id, "gala", new BigDecimal("40.00"), "alice");
    TOPIC.send(0, created);
    TicketReplica replica = new ReplicaReads(http, Duration.ofSeconds(5)).awaitVersion(id, 0);
    assertThat(replica).isEqualTo(TicketReplica.of(created));
    return id;
  }

  private WebTestClient.ResponseSpec read(String id, String minVersion, String prefer) {
    return new ReplicaReads(http, TIMEOUT).read(id, minVersion, prefer);
  }

  private static void assertStorageUnavailable(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "5")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(STORAGE_UNAVAILABLE);
  }

  /** The answer and how long it took to come, from the request's start to its status. */
  record Timed(WebTestClient.ResponseSpec response, Duration elapsed) {}

  private static Timed timed(Supplier<WebTestClient.ResponseSpec> exchange) {
    long started = System.nanoTime();
    WebTestClient.ResponseSpec response = exchange.get();
    return new Timed(response, Duration.ofNanos(System.nanoTime() - started));
  }

  private double waits(String state) {
    Counter counter = registry.find("projector.read.waits").tag("state", state).counter();
    assertThat(counter).as("projector.read.waits{state=%s}", state).isNotNull();
    return counter.count();
  }

  private double lookUpFailures() {
    Counter counter = registry.find("projector.read.lookup.failures").counter();
    assertThat(counter).as("projector.read.lookup.failures").isNotNull();
    return counter.count();
  }
}
