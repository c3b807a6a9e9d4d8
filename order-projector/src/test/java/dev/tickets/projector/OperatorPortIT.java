package dev.tickets.projector;

import dev.tickets.projector.RunningProjector.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With the actuator on a management port of its own ({@code management.server.port}), the operator
 * endpoints live there, and still need the operator credential.
 */
class OperatorPortIT {

  private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

  @RegisterExtension final Topic topic = new Topic("operator-port");

  @Test
  void theOperatorEndpointsOnASeparateManagementPortStillNeedTheCredential() throws Exception {
    RunningProjector projector =
        topic
            .create(1)
            .start(
                Map.of(
                    "management.server.port",
                    "0",
                    "management.server.address",
                    "127.0.0.1",
                    "order-projector.operator.password",
                    PASSWORD));
    WebTestClient management =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + projector.managementPort())
            .responseTimeout(Duration.ofSeconds(60))
            .build();

    management.get().uri("/actuator/deadletters").exchange().expectStatus().isUnauthorized();
    management
        .post()
        .uri("/actuator/deadletters/replay")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"all\": true}")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    management
        .get()
        .uri("/actuator/deadletters")
        .headers(headers -> headers.setBasicAuth("operator", PASSWORD))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(0);
    management.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  void theCredentialFollowsTheEndpointWhereverItsPathIsMapped() throws Exception {
    RunningProjector projector =
        topic
            .create(1)
            .start(
                Map.of(
                    "management.endpoints.web.base-path", "/manage",
                    "management.endpoints.web.path-mapping.deadletters", "dlq",
                    "order-projector.operator.password", PASSWORD));
    WebTestClient http =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + projector.port())
            .responseTimeout(Duration.ofSeconds(60))
            .build();

    http.get().uri("/manage/dlq").exchange().expectStatus().isUnauthorized();
    http.get()
        .uri("/manage/dlq")
        .headers(headers -> headers.setBasicAuth("operator", PASSWORD))
        .exchange()
        .expectStatus()
        .isOk();
  }
}
