package dev.tickets.testkit;

import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What both services' actuators answer alike to callers who are not the operator. */
public final class ActuatorAssertions {

  /** The {@code WWW-Authenticate} challenge of a refusal on the actuator. */
  public static final String OPERATOR_CHALLENGE = "Basic realm=\"operator\"";

  private ActuatorAssertions() {}

  /**
   * Health's status, UP, and nothing more: no components, no details. At {@code /actuator/health}
   * Spring Boot also names the probe groups to everyone; they hold nothing but their own status.
   */
  public static void upAndNothingMore(WebTestClient.ResponseSpec response) {
    Map<?, ?> health =
        response.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    if (health == null
        || !"UP".equals(health.get("status"))
        || !Set.of("status", "groups").containsAll(health.keySet())) {
      throw new AssertionError("Expected the status UP and nothing more, got " + health);
    }
  }

  /** A probe's answer: {@code {"status":"UP"}} exactly. */
  public static void probeUp(WebTestClient.ResponseSpec response) {
    response.expectStatus().isOk().expectBody().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT);
  }

  /** A 401 problem that asks for the operator's HTTP Basic credential. */
  public static WebTestClient.BodyContentSpec operatorCredentialRequired(
      WebTestClient.ResponseSpec response) {
    return ProblemAssertions.assertProblem(
            response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, OPERATOR_CHALLENGE),
            401)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:unauthorized");
  }
}
