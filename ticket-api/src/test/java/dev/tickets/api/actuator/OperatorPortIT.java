package dev.tickets.api.actuator;

import static dev.tickets.testkit.ActuatorAssertions.operatorCredentialRequired;
import static dev.tickets.testkit.ActuatorAssertions.probeUp;
import static dev.tickets.testkit.ActuatorAssertions.upAndNothingMore;

import dev.tickets.api.TicketApiInstance;
import dev.tickets.infra.SharedInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With the actuator on a management port of its own ({@code management.server.port}), it answers
 * there as on the API's port: health's status and the scrape to anyone, metrics to the operator.
 */
class OperatorPortIT {

  @Test
  void theActuatorOnAManagementPortOfItsOwnStillNeedsTheOperatorCredential() {
    String name = "operator-port-" + UUID.randomUUID().toString().substring(0, 8);
    try (ConfigurableApplicationContext app =
        TicketApiInstance.start(
            SharedInfrastructure.mongoUri(name),
            SharedInfrastructure.kafkaBootstrapServers(),
            name,
            "--management.server.port=0",
            "--management.server.address=127.0.0.1")) {
      WebTestClient management =
          WebTestClient.bindToServer()
              .baseUrl(
                  "http://127.0.0.1:" + app.getEnvironment().getProperty("local.management.port"))
              .responseTimeout(Duration.ofSeconds(30))
              .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
              .build();

      operatorCredentialRequired(management.get().uri("/actuator/metrics").exchange());
      management
          .get()
          .uri("/actuator/metrics")
          .headers(headers -> headers.setBasicAuth("operator", TicketApiInstance.OPERATOR_PASSWORD))
          .exchange()
          .expectStatus()
          .isOk();
      upAndNothingMore(management.get().uri("/actuator/health").exchange());
      probeUp(management.get().uri("/actuator/health/readiness").exchange());
      management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }
  }
}
