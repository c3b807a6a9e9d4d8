package dev.tickets.api.actuator;

import static dev.tickets.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.testkit.BearerTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Health, scraping and API docs are public and correct; other management endpoints need a token.
 */
@TicketApiIntegrationTest
class ActuatorIT {

  @Autowired WebTestClient http;

  @Autowired JwtProperties jwt;

  @Test
  void healthReportsMongoUpWithoutToken() {
    http.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.mongo.status")
        .isEqualTo("UP")
        // hello on the service's own database: no list of the databases the user may see
        .jsonPath("$.components.mongo.details.maxWireVersion")
        .isNumber()
        .jsonPath("$.components.mongo.details.databases")
        .doesNotExist()
        .jsonPath("$.components.outbox.status")
        .isEqualTo("UP")
        .jsonPath("$.components.outbox.details.pendingEvents")
        .isNumber();
  }

  @Test
  void probesArePublic() {
    http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
  }

  @Test
  void prometheusScrapeIsPublic() {
    WebTestClient scraper =
        http.mutate()
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
            .build();
    scraper
        .get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(
            body ->
                assertThat(body)
                    .contains("jvm_memory_used_bytes")
                    .contains("outbox_pending_events")
                    .contains("outbox_publish_failures_total"));
  }

  @Test
  void readinessIncludesMongo() {
    http.get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.mongo.status")
        .isEqualTo("UP");
  }

  @Test
  void metricsNeedAToken() {
    assertProblem(
        http.get()
            .uri("/actuator/metrics")
            .exchange()
            .expectHeader()
            .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer"),
        401);
    http.get()
        .uri("/actuator/metrics")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + BearerTokens.hs256(jwt.secret(), "operator"))
        .exchange()
        .expectStatus()
        .isOk();
  }

  /** The document itself is checked by OpenApiDocumentIT; its UI is served here. */
  @Test
  void swaggerUiIsServed() {
    http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
  }
}
