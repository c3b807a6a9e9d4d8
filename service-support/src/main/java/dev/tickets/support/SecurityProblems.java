package dev.tickets.support;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Refusals of a security filter chain as RFC 9457 problem details: 401 with the chain's {@code
 * WWW-Authenticate} challenge when the credential is missing or wrong, 403 when it is valid but not
 * enough, 400 when the firewall rejects a malformed request (say, an encoded slash in the path).
 */
public class SecurityProblems
    implements ServerAuthenticationEntryPoint,
        ServerAccessDeniedHandler,
        ServerExchangeRejectedHandler {

  private final ProblemResponses problems;
  private final String challenge;
  private final String credentialRequired;
  private final String notAllowed;

  /**
   * @param challenge the {@code WWW-Authenticate} header of a 401, e.g. {@code Bearer}
   * @param credentialRequired the detail of a 401: what credential to send, and how
   * @param notAllowed the detail of a 403
   */
  public SecurityProblems(
      ProblemResponses problems, String challenge, String credentialRequired, String notAllowed) {
    this.problems = problems;
    this.challenge = challenge;
    this.credentialRequired = credentialRequired;
    this.notAllowed = notAllowed;
  }

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException refusal) {
    return refuse(exchange, HttpStatus.UNAUTHORIZED, credentialRequired, challenge);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    return refuse(exchange, HttpStatus.FORBIDDEN, notAllowed, null);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
    return refuse(exchange, HttpStatus.BAD_REQUEST, "The request was rejected as malformed", null);
  }

  /** Answers {@code exchange} with a problem of {@code status}. */
  protected final Mono<Void> refuse(
      ServerWebExchange exchange, HttpStatus status, String detail, String challenge) {
    return problems.write(exchange, ProblemDetail.forStatusAndDetail(status, detail), challenge);
  }
}
