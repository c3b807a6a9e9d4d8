package dev.tickets.support;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.lang.Nullable;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem as the response where no controller advice answers: in the security
 * filters and in exception handlers. The problem gets a {@code type} named after its status unless
 * it has one ({@link ProblemTypes}), and the request's path as its {@code instance}.
 */
public final class ProblemResponses {

  private static final URI ABOUT_BLANK = URI.create("about:blank");

  private final JsonMapper json;

  public ProblemResponses(JsonMapper json) {
    this.json = json;
  }

  /**
   * Answers {@code exchange} with {@code problem}, and with {@code challenge} as its {@code
   * WWW-Authenticate} header when there is one.
   */
  public Mono<Void> write(
      ServerWebExchange exchange, ProblemDetail problem, @Nullable String challenge) {
    HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
    if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
      problem.setType(ProblemTypes.of(status));
    }
    if (problem.getInstance() == null) {
      problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
    }
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
