package dev.tickets.testkit;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The OpenAPI document a service serves ({@code /v3/api-docs}), and the one OpenAPI version both
 * services serve ({@code springdoc.api-docs.version: openapi_3_0} in each {@code
 * application.yaml}): 3.0, because ticket-api's integration tests validate every response with
 * swagger-request-validator 2.x, which reads 3.0 only. Each service's test checks its own
 * document's {@code openapi} field against {@link #SERVED_VERSION}.
 */
public final class OpenApiDocument {

  /** What the {@code openapi} field of both documents starts with. */
  public static final String SERVED_VERSION = "3.0.";

  private static final int MAX_SIZE = 1024 * 1024;

  private OpenApiDocument() {}

  /** The document the server behind {@code http} serves; fails unless it answers 200. */
  public static String fetch(WebTestClient http) {
    return LargeBodies.text(http, "/v3/api-docs", MAX_SIZE);
  }
}
