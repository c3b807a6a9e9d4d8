package dev.tickets.testkit;

/**
 * The OpenAPI version both services serve ({@code springdoc.api-docs.version: openapi_3_0} in each
 * {@code application.yaml}): 3.0, because ticket-api's integration tests validate every response
 * with swagger-request-validator 2.x, which reads 3.0 only. Each service's test checks its own
 * document's {@code openapi} field against this one expectation.
 */
public final class OpenApiVersion {

  /** What the {@code openapi} field of both documents starts with. */
  public static final String SERVED = "3.0.";

  private OpenApiVersion() {}
}
