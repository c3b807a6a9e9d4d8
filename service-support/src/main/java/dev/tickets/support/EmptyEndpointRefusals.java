package dev.tickets.support;

import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * An actuator endpoint that finds nothing answers 4xx without a body (an unknown meter at {@code
 * /actuator/metrics/{name}}, a health component hidden from an anonymous caller): that answer
 * becomes a problem like every other refusal of the operator endpoints. Answers with a body, and
 * every request outside the actuator, pass unchanged.
 */
public final class EmptyEndpointRefusals implements WebFilter, Ordered {

  private final ServerWebExchangeMatcher endpoints = EndpointRequest.toAnyEndpoint();
  private final ProblemResponses problems;

  public EmptyEndpointRefusals(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return endpoints
        .matches(exchange)
        .flatMap(
            match ->
                match.isMatch()
                    ? chain.filter(
                        exchange.mutate().response(new ProblemWhenEmpty(exchange)).build())
                    : chain.filter(exchange));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  /** Completes a 4xx answer that has no body by writing a problem instead. */
  private final class ProblemWhenEmpty extends ServerHttpResponseDecorator {

    private final ServerWebExchange exchange;

    ProblemWhenEmpty(ServerWebExchange exchange) {
      super(exchange.getResponse());
      this.exchange = exchange;
    }

    @Override
    public Mono<Void> setComplete() {
      HttpStatusCode status = getStatusCode();
      if (status == null || !status.is4xxClientError() || isCommitted()) {
        return super.setComplete();
      }
      return problems.write(
          exchange,
          ProblemDetail.forStatusAndDetail(
              status, "Nothing here answers " + exchange.getRequest().getPath().value()),
          null);
    }
  }
}
