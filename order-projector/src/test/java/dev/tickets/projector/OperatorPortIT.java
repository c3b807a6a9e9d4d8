package dev.tickets.projector;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.tickets.infra.SharedInfrastructure;

/**
 * With the actuator on a management port of its own ({@code management.server.port}), the
 * operator endpoints live there, and still need the operator credential.
 */
class OperatorPortIT {

  private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

  final String name = "operator-port-" + UUID.randomUUID().toString().substring(0, 8);
  KafkaTestClient kafka;
  RunningProjector projector;

  @AfterEach
  void close() {
    if (projector != null) {
      projector.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theOperatorEndpointsOnASeparateManagementPortStillNeedTheCredential() throws Exception {
    kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    kafka.createTopics(1, name, name + ".DLT");
    projector = RunningProjector.start(name, Map.of("management.server.port", "0",
        "management.server.address", "127.0.0.1", "order-projector.operator.password", PASSWORD));
    WebTestClient management = WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + projector.managementPort())
        .responseTimeout(Duration.ofSeconds(60)).build();

    management.get().uri("/actuator/deadletters").exchange().expectStatus().isUnauthorized();
    management.post().uri("/actuator/deadletters/replay").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"all\": true}").exchange().expectStatus().isUnauthorized();
    management.get().uri("/actuator/deadletters")
        .headers(headers -> headers.setBasicAuth("operator", PASSWORD))
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
    management.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  void theCredentialFollowsTheEndpointWhereverItsPathIsMapped() throws Exception {
    kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    kafka.createTopics(1, name, name + ".DLT");
    projector = RunningProjector.start(name, Map.of(
        "management.endpoints.web.base-path", "/manage",
        "management.endpoints.web.path-mapping.deadletters", "dlq",
        "order-projector.operator.password", PASSWORD));
    WebTestClient http = WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + projector.port())
        .responseTimeout(Duration.ofSeconds(60)).build();

    http.get().uri("/manage/dlq").exchange().expectStatus().isUnauthorized();
    http.get().uri("/manage/dlq").headers(headers -> headers.setBasicAuth("operator", PASSWORD))
        .exchange().expectStatus().isOk();
  }
}
