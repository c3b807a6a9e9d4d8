package dev.tickets.support;

import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Errors that no controller advice answered and that carry their own status, such as an actuator
 * endpoint's refusal of a bad request (its {@code InvalidEndpointRequestException} arrives as a 400
 * {@code ResponseStatusException} with the reason) or a path nothing is mapped to: answered as a
 * problem whose {@code detail} is the reason, before Spring Boot's error handler would answer
 * without it. Anything else, a 5xx included (its reason may name the server's insides, and Spring
 * Boot logs it), is left to Spring Boot.
 */
public final class ErrorResponseProblems implements WebExceptionHandler, Ordered {

  /** Before Spring Boot's {@code ErrorWebExceptionHandler} (order -1). */
  static final int ORDER = -2;

  private final ProblemResponses problems;

  public ErrorResponseProblems(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
    if (!(failure instanceof ErrorResponse error)
        || !error.getStatusCode().is4xxClientError()
        || exchange.getResponse().isCommitted()) {
      return Mono.error(failure);
    }
    ProblemDetail problem = error.getBody();
    if (problem.getDetail() == null) {
      problem.setDetail("The request was refused with status " + problem.getStatus());
    }
    exchange.getResponse().getHeaders().addAll(error.getHeaders());
    return problems.write(exchange, problem, null);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
