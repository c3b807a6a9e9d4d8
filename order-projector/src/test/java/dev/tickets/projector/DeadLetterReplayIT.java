package dev.tickets.projector;

import static dev.tickets.testkit.TicketEvents.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.infra.KafkaTestClient;
import dev.tickets.projector.RunningProjector.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The operator's dead-letter endpoints over real HTTP, Kafka and MongoDB: a ticket parked on a gap
 * is listed, healed by replay once its missing version arrived, and listed as replayed; replay
 * needs the operator credential, and replaying again sends nothing twice.
 */
class DeadLetterReplayIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

  /** A well-formed ticket id: the read API answers only those. */
  private static final String READABLE = "65a000000000000000000003";

  @RegisterExtension final Topic topic = new Topic("replay");
  RunningProjector projector;
  WebTestClient http;

  @BeforeEach
  void start() throws Exception {
    topic.create(1);
    projector =
        topic.start(
            Map.of(
                "order-projector.gap-timeout",
                "1s",
                "order-projector.operator.password",
                PASSWORD));
    http =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + projector.port())
            .responseTimeout(Duration.ofSeconds(60))
            .build();
  }

  /** Version 0 applied, version 2 parked after the gap timeout (version 1 is missing). */
  private void parkVersionTwoOf(String ticketId) throws Exception {
    topic.send(0, version(ticketId, 0));
    await().atMost(WAIT).until(() -> projector.replica(ticketId) != null);
    topic.send(0, version(ticketId, 2));
    await().atMost(WAIT).until(() -> projector.records("parked") == 1);
  }

  @Test
  void aParkedTicketIsHealedByReplayOnceItsMissingVersionArrived() throws Exception {
    parkVersionTwoOf("t-1");
    list("t-1")
        .jsonPath("$.total")
        .isEqualTo(1)
        .jsonPath("$.records[0].version")
        .isEqualTo(2)
        .jsonPath("$.records[0].reason")
        .isEqualTo("gap-timeout")
        .jsonPath("$.records[0].originalOffset")
        .isEqualTo(1)
        .jsonPath("$.records[0].replayedAt")
        .doesNotExist();

    topic.send(0, version("t-1", 1));
    await().atMost(WAIT).until(() -> projector.replica("t-1").version() == 1);

    replay("{\"ticketId\": \"t-1\"}")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.count")
        .isEqualTo(1)
        .jsonPath("$.replayed[0].version")
        .isEqualTo(2)
        .jsonPath("$.replayed[0].deadLetterPosition")
        .isEqualTo("0:0");
    await().atMost(WAIT).until(() -> projector.replica("t-1").version() == 2);
    list("t-1").jsonPath("$.total").isEqualTo(1).jsonPath("$.records[0].replayedAt").exists();
    List<ConsumerRecord<String, byte[]>> log = topic.kafka.readAtLeast(topic.name, 4);
    assertThat(KafkaTestClient.header(log.get(3), "dlt-replayed")).isEqualTo("0:0");

    replay("{\"ticketId\": \"t-1\"}")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.count")
        .isEqualTo(0);
    assertThat(projector.replica("t-1").version()).isEqualTo(2);
  }

  @Test
  void replayingWhileTheGapIsStillOpenParksTheRecordAgainVisibly() throws Exception {
    parkVersionTwoOf("t-2");

    replay("{\"all\": true}").expectStatus().isOk().expectBody().jsonPath("$.count").isEqualTo(1);

    await().atMost(WAIT).until(() -> projector.records("parked") == 2);
    list(null)
        .jsonPath("$.total")
        .isEqualTo(2)
        .jsonPath("$.records[0].replayedAt")
        .exists()
        .jsonPath("$.records[1].version")
        .isEqualTo(2)
        .jsonPath("$.records[1].reason")
        .isEqualTo("gap-timeout")
        .jsonPath("$.records[1].replayedAt")
        .doesNotExist();
    assertThat(projector.replica("t-2").version()).isZero();
  }

  @Test
  void theOperatorEndpointsRefuseAnyoneWithoutTheOperatorCredential() throws Exception {
    parkVersionTwoOf(READABLE);

    http.post()
        .uri("/actuator/deadletters/replay")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"all\": true}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.post()
        .uri("/actuator/deadletters/replay")
        .contentType(MediaType.APPLICATION_JSON)
        .headers(headers -> headers.setBasicAuth("operator", "wrong"))
        .bodyValue("{\"all\": true}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.get().uri("/actuator/deadletters").exchange().expectStatus().isUnauthorized();
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    // The scrape and the read API answer as without Spring Security: a stray credential is not
    // checked, and no cache headers are added to the read API.
    http.get()
        .uri("/actuator/prometheus")
        .headers(headers -> headers.setBasicAuth("x", "y"))
        .exchange()
        .expectStatus()
        .isOk();
    http.get()
        .uri("/api/tickets/{id}", READABLE)
        .headers(headers -> headers.setBasicAuth("x", "y"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist("Pragma");

    list(null).jsonPath("$.records[0].replayedAt").doesNotExist();
    replay("{}")
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("Replay needs exactly one of {\"ticketId\": \"...\"} or {\"all\": true}");
    replay("{\"ticketId\": \"" + READABLE + "\", \"all\": true}").expectStatus().isBadRequest();
  }

  private WebTestClient.BodyContentSpec list(String ticketId) {
    return http.get()
        .uri(
            builder ->
                builder
                    .path("/actuator/deadletters")
                    .queryParamIfPresent("ticketId", java.util.Optional.ofNullable(ticketId))
                    .build())
        .headers(headers -> headers.setBasicAuth("operator", PASSWORD))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody();
  }

  private WebTestClient.ResponseSpec replay(String body) {
    return http.post()
        .uri("/actuator/deadletters/replay")
        .headers(headers -> headers.setBasicAuth("operator", PASSWORD))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }
}
