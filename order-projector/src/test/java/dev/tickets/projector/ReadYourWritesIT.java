package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.events.TicketEvent;
import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.ReplicaWaits;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.ReplicaReads;
import dev.tickets.testkit.TestInfrastructure;
import dev.tickets.testkit.TicketEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Read your writes across the pair: {@code GET /api/tickets/{id}?minVersion=N} waits for the
 * replica to reach version N, over real HTTP, fed through Kafka.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"order-projector.read.max-wait=10s", "order-projector.read.max-waiters=3"})
@AutoConfigureWebTestClient
class ReadYourWritesIT {

  static final Topic TOPIC = new Topic("read-your-writes");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicLong IDS = new AtomicLong(0x65b000000000000L);

  @Autowired WebTestClient http;
  @Autowired ReplicaWaits waits;
  @Autowired MeterRegistry registry;

  /** The replicas in MongoDB as another instance writes them, past this one's apply path. */
  @Autowired ReplicaStore otherInstance;

  @LocalServerPort int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
    TOPIC.create(1);
    TestInfrastructure.orderProjector(registry, TOPIC.name, TOPIC.name);
  }

  @AfterAll
  static void closeKafka() {
    TOPIC.close();
  }

  private static String newId() {
    return String.format("%024x", IDS.incrementAndGet());
  }

  private WebTestClient.ResponseSpec read(String id, String minVersion, String prefer) {
    return new ReplicaReads(http, TIMEOUT).read(id, minVersion, prefer);
  }

  private TicketEvent applied(String id, long version) throws Exception {
    TicketEvent event = TicketEvents.created(id, "gala", new BigDecimal("40.00"), "alice");
    TOPIC.send(0, event);
    for (long v = 1; v <= version; v++) {
      event = TicketEvents.next(event, "gala", new BigDecimal(40 + v));
      TOPIC.send(0, event);
    }
    TicketReplica replica =
        new ReplicaReads(http, Duration.ofSeconds(10)).awaitVersion(id, version);
    assertThat(replica).isEqualTo(TicketReplica.of(event));
    return event;
  }

  @Test
  void aVersionAlreadyAppliedIsAnsweredAtOnce() throws Exception {
    String id = newId();
    applied(id, 1);

    long started = System.nanoTime();
    read(id, "1", null)
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("ETag", "\"1\"")
        .expectHeader()
        .doesNotExist("Preference-Applied");
    read(id, "0", null).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aVersionNotYetAppliedIsAnsweredAsSoonAsItApplies() throws Exception {
    String id = newId();
    TicketEvent created = applied(id, 0);
    WebClient client = WebClient.create("http://127.0.0.1:" + port);

    Mono<Integer> waiting =
        client
            .get()
            .uri("/api/tickets/{id}?minVersion=1", id)
            .header("Prefer", "wait=20")
            .exchangeToMono(
                answer ->
                    answer
                        .bodyToMono(String.class)
                        .map(
                            body -> {
                              assertThat(answer.headers().asHttpHeaders().getETag())
                                  .isEqualTo("\"1\"");
                              assertThat(answer.headers().header("Preference-Applied"))
                                  .containsExactly("wait=10");
                              return answer.statusCode().value();
                            }));

    StepVerifier.create(waiting)
        .expectSubscription()
        .then(
            () ->
                org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> waits.waiting() == 1))
        .then(() -> send(TicketEvents.next(created, "gala", new BigDecimal("41.00"))))
        .expectNext(200)
        .expectComplete()
        .verify(TIMEOUT);
  }

  /**
   * Another instance applied the version: written to MongoDB past this instance's apply path, it
   * reaches the waiting read through the shared look-up the application runs.
   */
  @Test
  void aVersionAnotherInstanceWroteAnswersTheWaitingRead() throws Exception {
    String id = newId();
    TicketEvent created = applied(id, 0);
    TicketEvent next = TicketEvents.next(created, "gala", new BigDecimal("41.00"));
    WebClient client = WebClient.create("http://127.0.0.1:" + port);

    StepVerifier.create(
            client
                .get()
                .uri("/api/tickets/{id}?minVersion=1", id)
                .retrieve()
                .bodyToMono(TicketReplica.class))
        .expectSubscription()
        .then(
            () ->
                org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> waits.waiting() == 1))
        .then(() -> otherInstance.write(List.of(TicketReplica.of(next))).block(TIMEOUT))
        .expectNext(TicketReplica.of(next))
        .expectComplete()
        .verify(TIMEOUT);
  }

  private static void send(TicketEvent event) {
    try {
      TOPIC.send(0, event);
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Test
  void whenTheWaitEndsTheAnswerIs504WithTheCurrentVersionAndRetryAfter() throws Exception {
    String id = newId();
    applied(id, 0);

    read(id, "5", "wait=1")
        .expectStatus()
        .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .valueEquals("Retry-After", "1")
        .expectHeader()
        .valueEquals("Preference-Applied", "wait=1")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:replica-behind")
        .jsonPath("$.currentVersion")
        .isEqualTo(0);
    read(newId(), "0", "wait=0")
        .expectStatus()
        .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
        .expectBody()
        .jsonPath("$.currentVersion")
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "1.5", "", "9999999999999999999", "1e3"})
  void aMinVersionThatIsNotANonNegativeWholeNumberIs400(String minVersion) {
    read(newId(), minVersion, null)
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:invalid-min-version");
  }

  /** The largest version the OpenAPI document's int64 allows is a version like any other. */
  @Test
  void theLargestMinVersionIsAccepted() {
    read(newId(), String.valueOf(Long.MAX_VALUE), "wait=0")
        .expectStatus()
        .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
        .expectHeader()
        .valueEquals("Preference-Applied", "wait=0");
  }

  /**
   * RFC 7240: the first {@code wait} counts; a comma inside a quoted value separates nothing; more
   * seconds than a long holds are the service's maximum.
   */
  @Test
  void preferIsReadAsRfc7240Says() throws Exception {
    String id = newId();
    applied(id, 0);

    read(id, "0", "foo=\"a, wait=7\", wait=3, wait=9")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Preference-Applied", "wait=3");
    read(id, "0", "respond-async; x=1, WAIT = 99999999999999999999999")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Preference-Applied", "wait=10");
    read(id, "0", "wait=\"2")
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist("Preference-Applied");
  }

  /**
   * With no wait, the answer is the replica as it is: no place is taken, even when none is free.
   */
  @Test
  void aWaitOfZeroAnswersFromTheReplicaAsItIs() throws Exception {
    String id = newId();
    applied(id, 0);
    double startedBefore = registry.counter("projector.read.waits", "state", "started").count();

    read(id, "1", "wait=0")
        .expectStatus()
        .isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
        .expectHeader()
        .valueEquals("Preference-Applied", "wait=0")
        .expectBody()
        .jsonPath("$.currentVersion")
        .isEqualTo(0);
    assertThat(registry.counter("projector.read.waits", "state", "started").count())
        .as("started waits")
        .isEqualTo(startedBefore);
  }

  @Test
  void withoutMinVersionAnUnknownTicketIsStill404() {
    read(newId(), null, "wait=2").expectStatus().isNotFound();
  }

  @Test
  void pastMaxWaitersTheAnswerIs503AndAClientThatGoesAwayFreesItsPlace() {
    WebClient client = WebClient.create("http://127.0.0.1:" + port);
    List<reactor.core.Disposable> waiting =
        Flux.range(0, 3)
            .map(
                i ->
                    client
                        .get()
                        .uri("/api/tickets/{id}?minVersion=9", newId())
                        .header("Prefer", "wait=20")
                        .retrieve()
                        .toBodilessEntity()
                        .subscribe(entity -> {}, error -> {}))
            .collectList()
            .block(TIMEOUT);
    org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> waits.waiting() == 3);
    org.awaitility.Awaitility.await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                read(newId(), "9", "wait=1")
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader()
                    .valueEquals("Retry-After", "1")
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("urn:problem-type:tickets:too-many-waiting-reads"));

    waiting.forEach(reactor.core.Disposable::dispose);

    // Well within the 10 s the reads would wait: their places are freed by the cancel.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> waits.waiting() == 0);
    org.awaitility.Awaitility.await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                read(newId(), "9", "wait=1").expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT));
  }

  /** A comma inside a quoted value, before a later wait, starts no preference. */
  @Test
  void aQuotedCommaBeforeAWaitSplitsNothingOverHttp() throws Exception {
    String id = newId();
    applied(id, 0);

    read(id, "0", "foo=\"a, wait=7, b\", wait=3")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Preference-Applied", "wait=3");
  }

  /** A started wait that ends in 504 is timed-out, not also cancelled. */
  @Test
  void a504IsCountedTimedOutOnly() throws Exception {
    String id = newId();
    applied(id, 0);
    double started = registry.counter("projector.read.waits", "state", "started").count();
    double timedOut = registry.counter("projector.read.waits", "state", "timed-out").count();
    double cancelled = registry.counter("projector.read.waits", "state", "cancelled").count();

    read(id, "5", "wait=1").expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT);

    assertThat(registry.counter("projector.read.waits", "state", "started").count())
        .isEqualTo(started + 1);
    assertThat(registry.counter("projector.read.waits", "state", "timed-out").count())
        .isEqualTo(timedOut + 1);
    assertThat(registry.counter("projector.read.waits", "state", "cancelled").count())
        .as("cancelled")
        .isEqualTo(cancelled);
  }
}
