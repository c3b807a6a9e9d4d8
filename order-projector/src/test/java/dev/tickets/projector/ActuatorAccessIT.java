package dev.tickets.projector;

import static dev.tickets.testkit.ActuatorAssertions.operatorCredentialRequired;
import static dev.tickets.testkit.ActuatorAssertions.probeUp;
import static dev.tickets.testkit.ActuatorAssertions.upAndNothingMore;
import static dev.tickets.testkit.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.projector.RunningProjector.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Who sees what on the projector's actuator: health's status, info and the Prometheus scrape are
 * public; health's components and details, metrics and the dead letters are the operator's; its
 * refusals and the endpoints' errors are problem details.
 */
class ActuatorAccessIT {

  private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

  @RegisterExtension final Topic topic = new Topic("actuator-access");
  WebTestClient http;

  @BeforeEach
  void start() throws Exception {
    RunningProjector projector =
        topic.create(1).start(Map.of("order-projector.operator.password", PASSWORD));
    http =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + projector.port())
            .responseTimeout(Duration.ofSeconds(60))
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
            .build();
  }

  @Test
  void healthAndItsProbesShowOnlyTheirStatusToAnonymousCallers() {
    upAndNothingMore(http.get().uri("/actuator/health").exchange());
    probeUp(http.get().uri("/actuator/health/readiness").exchange());
    probeUp(http.get().uri("/actuator/health/liveness").exchange());
  }

  @Test
  void healthShowsComponentsAndDetailsToTheOperator() {
    asOperator(http.get().uri("/actuator/health"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.projector.status")
        .isEqualTo("UP")
        .jsonPath("$.components.mongo.details.maxWireVersion")
        .isNumber()
        .jsonPath("$.components.diskSpace.details.path")
        .isNotEmpty();
  }

  @Test
  void metricsNeedTheOperatorCredential() {
    operatorCredentialRequired(http.get().uri("/actuator/metrics").exchange());
    operatorCredentialRequired(
        http.get()
            .uri("/actuator/metrics")
            .headers(headers -> headers.setBasicAuth("operator", "wrong"))
            .exchange());
    asOperator(http.get().uri("/actuator/metrics"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.names")
        .isNotEmpty();
  }

  @Test
  void theDeadLettersRefuseAnonymousCallersWithAProblem() {
    operatorCredentialRequired(http.get().uri("/actuator/deadletters").exchange())
        .jsonPath("$.instance")
        .isEqualTo("/actuator/deadletters");
  }

  @Test
  void aBadDeadLettersRequestIsAProblemWithItsReason() {
    assertProblem(asOperator(http.get().uri("/actuator/deadletters?size=0")).exchange(), 400)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:bad-request")
        .jsonPath("$.title")
        .isEqualTo("Bad Request")
        .jsonPath("$.detail")
        .isEqualTo("page must be 0 or more and size 1 to 500");
  }

  @Test
  void anUnknownEndpointIsAProblem() {
    assertProblem(asOperator(http.get().uri("/actuator/no-such-endpoint")).exchange(), 404)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:not-found");
  }

  @Test
  void prometheusScrapeAndInfoArePublic() {
    http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
    http.get().uri("/actuator/info").exchange().expectStatus().isOk();
  }

  private WebTestClient.RequestHeadersSpec<?> asOperator(WebTestClient.RequestHeadersSpec<?> spec) {
    return spec.headers(headers -> headers.setBasicAuth("operator", PASSWORD));
  }
}
