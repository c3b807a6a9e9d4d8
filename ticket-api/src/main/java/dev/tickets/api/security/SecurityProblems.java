package dev.tickets.api.security;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refusals of the security filters as RFC 9457 problem details: 401 with {@code WWW-Authenticate:
 * Bearer} (RFC 6750) when the token is missing or invalid, 403 when it is valid but not enough, 400
 * when the firewall rejects a malformed request (say, an encoded slash in the path).
 */
class SecurityProblems
    implements ServerAuthenticationEntryPoint,
        ServerAccessDeniedHandler,
        ServerExchangeRejectedHandler {

  private static final String TYPE_PREFIX = "urn:problem-type:tickets:";

  private final JsonMapper json;

  SecurityProblems(JsonMapper json) {
    this.json = json;
  }

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException refusal) {
    if (refusal instanceof OAuth2AuthenticationException invalid
        && invalid.getError() instanceof BearerTokenError error) {
      String challenge = "Bearer error=\"" + error.getErrorCode() + "\"";
      return write(
          exchange,
          error.getHttpStatus(),
          "The bearer token was rejected: " + error.getDescription(),
          challenge);
    }
    return write(
        exchange,
        HttpStatus.UNAUTHORIZED,
        "A valid bearer token is required: send Authorization: Bearer <JWT>",
        "Bearer");
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    return write(
        exchange, HttpStatus.FORBIDDEN, "The bearer token does not allow this request", null);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
    return write(exchange, HttpStatus.BAD_REQUEST, "The request was rejected as malformed", null);
  }

  private Mono<Void> write(
      ServerWebExchange exchange, HttpStatus status, String detail, String challenge) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(
        URI.create(
            TYPE_PREFIX
                + (status == HttpStatus.FORBIDDEN
                    ? "forbidden"
                    : status == HttpStatus.UNAUTHORIZED ? "unauthorized" : "bad-request")));
    problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (challenge != null) {
      response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
    }
    return response.writeWith(
        Mono.fromSupplier(() -> response.bufferFactory().wrap(json.writeValueAsBytes(problem))));
  }
}
