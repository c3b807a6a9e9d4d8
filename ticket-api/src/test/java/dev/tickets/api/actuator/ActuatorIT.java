package dev.tickets.api.actuator;

import static dev.tickets.testkit.ActuatorAssertions.operatorCredentialRequired;
import static dev.tickets.testkit.ActuatorAssertions.probeUp;
import static dev.tickets.testkit.ActuatorAssertions.upAndNothingMore;
import static dev.tickets.testkit.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.api.security.OperatorProperties;
import dev.tickets.testkit.BearerTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Health (its status only), info, scraping and API docs are public; health's details, metrics and
 * every other management endpoint need the operator's HTTP Basic credential, and a user's bearer
 * token counts for nothing there.
 */
@TicketApiIntegrationTest
class ActuatorIT {

  @Autowired WebTestClient http;

  @Autowired JwtProperties jwt;

  @Autowired OperatorProperties operator;

  @Test
  void healthShowsOnlyItsStatusToAnonymousCallers() {
    upAndNothingMore(http.get().uri("/actuator/health").exchange());
  }

  @Test
  void healthShowsOnlyItsStatusToAUsersBearerToken() {
    upAndNothingMore(
        http.get()
            .uri("/actuator/health")
            .header(
                HttpHeaders.AUTHORIZATION, "Bearer " + BearerTokens.hs256(jwt.secret(), "alice"))
            .exchange());
  }

  @Test
  void healthShowsComponentsAndDetailsToTheOperator() {
    asOperator(http.get().uri("/actuator/health"))
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
        .isNumber()
        .jsonPath("$.components.diskSpace.details.path")
        .isNotEmpty();
  }

  @Test
  void probesArePublicAndShowOnlyTheirStatus() {
    probeUp(http.get().uri("/actuator/health/readiness").exchange());
    probeUp(http.get().uri("/actuator/health/liveness").exchange());
  }

  @Test
  void readinessIncludesMongo() {
    asOperator(http.get().uri("/actuator/health/readiness"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.mongo.status")
        .isEqualTo("UP");
  }

  @Test
  void prometheusScrapeIsPublicAndIgnoresAStrayCredential() {
    WebTestClient scraper =
        http.mutate()
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
            .build();
    scraper
        .get()
        .uri("/actuator/prometheus")
        .headers(headers -> headers.setBasicAuth("scraper", "not-a-password-here"))
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
  void metricsRefuseAnonymousCallers() {
    operatorCredentialRequired(http.get().uri("/actuator/metrics").exchange());
  }

  @Test
  void metricsRefuseAUsersBearerToken() {
    operatorCredentialRequired(
        http.get()
            .uri("/actuator/metrics")
            .header(
                HttpHeaders.AUTHORIZATION, "Bearer " + BearerTokens.hs256(jwt.secret(), "operator"))
            .exchange());
  }

  @Test
  void metricsRefuseAWrongPassword() {
    operatorCredentialRequired(
        http.get()
            .uri("/actuator/metrics")
            .headers(headers -> headers.setBasicAuth(operator.operator().username(), "wrong"))
            .exchange());
  }

  @Test
  void metricsAnswerTheOperator() {
    asOperator(http.get().uri("/actuator/metrics"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.names")
        .isNotEmpty();
  }

  @Test
  void anEndpointsRefusalOfABadRequestIsAProblemWithItsReason() {
    assertProblem(
            asOperator(http.get().uri("/actuator/metrics/jvm.memory.used?tag=no-colon")).exchange(),
            400)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:bad-request")
        .jsonPath("$.detail")
        .isEqualTo("Each tag parameter must be in the form 'key:value'");
  }

  /** An endpoint that finds nothing answers without a body; the operator still gets a problem. */
  @Test
  void anUnknownMeterIsAProblem() {
    assertProblem(asOperator(http.get().uri("/actuator/metrics/no.such.meter")).exchange(), 404)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:not-found")
        .jsonPath("$.detail")
        .isEqualTo("Nothing here answers /actuator/metrics/no.such.meter");
  }

  /** The document itself is checked by OpenApiDocumentIT; its UI is served here. */
  @Test
  void swaggerUiIsServed() {
    http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
  }

  private WebTestClient.RequestHeadersSpec<?> asOperator(WebTestClient.RequestHeadersSpec<?> spec) {
    return spec.headers(
        headers ->
            headers.setBasicAuth(operator.operator().username(), operator.operator().password()));
  }
}
