package dev.tickets.api.security;

import dev.tickets.support.ProblemResponses;
import dev.tickets.support.SecurityProblems;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Refusals of the API's filter chain as problem details: 401 with {@code WWW-Authenticate: Bearer}
 * (RFC 6750) when the token is missing, and with the error's code when it is invalid; 403 when it
 * is valid but not enough; 400 when the firewall rejects a malformed request.
 */
class BearerProblems extends SecurityProblems {

  BearerProblems(ProblemResponses problems) {
    super(
        problems,
        "Bearer",
        "A valid bearer token is required: send Authorization: Bearer <JWT>",
        "The bearer token does not allow this request");
  }

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException refusal) {
    if (refusal instanceof OAuth2AuthenticationException invalid
        && invalid.getError() instanceof BearerTokenError error) {
      return refuse(
          exchange,
          error.getHttpStatus(),
          "The bearer token was rejected: " + error.getDescription(),
          "Bearer error=\"" + error.getErrorCode() + "\"");
    }
    return super.commence(exchange, refusal);
  }
}
