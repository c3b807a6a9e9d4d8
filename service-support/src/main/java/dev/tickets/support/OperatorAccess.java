package dev.tickets.support;

import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may use the actuator, alike on both services. Health, info and the Prometheus scrape are
 * public; health shows its components and details to the operator only ({@code
 * management.endpoint.health.show-details: when-authorized}, {@code roles: OPERATOR}). Every other
 * endpoint ({@code metrics}, the projector's {@code deadletters}, the links at {@code /actuator})
 * needs HTTP Basic with the {@link OperatorCredential} the service provides as a bean (role {@value
 * #ROLE}); without a password no one is the operator and they answer 401 to everyone. Refusals and
 * errors of the endpoints are problem details.
 *
 * <p>Its filter chains match the actuator's endpoints only, wherever its base path, path mapping or
 * management port puts them, and come before any other chain of the service.
 */
@Configuration(proxyBeanMethods = false)
public class OperatorAccess {

  public static final String ROLE = "OPERATOR";

  static final String CHALLENGE = "Basic realm=\"operator\"";

  private static final String[] OPEN_ENDPOINTS = {"info", "prometheus"};
  private static final String HEALTH = "health";
  private static final MachineSecretEncoder SECRETS = new MachineSecretEncoder();

  @Bean
  ProblemResponses problemResponses(JsonMapper json) {
    return new ProblemResponses(json);
  }

  @Bean
  ErrorResponseProblems errorResponseProblems(ProblemResponses problems) {
    return new ErrorResponseProblems(problems);
  }

  @Bean
  EmptyEndpointRefusals emptyEndpointRefusals(ProblemResponses problems) {
    return new EmptyEndpointRefusals(problems);
  }

  /**
   * Info and the Prometheus scrape: open to anyone, and no credential is looked at (a scraper's
   * stray {@code Authorization} header is not refused).
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SecurityWebFilterChain openEndpoints(ServerHttpSecurity http) {
    return stateless(http.securityMatcher(EndpointRequest.to(OPEN_ENDPOINTS)))
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
        .build();
  }

  /**
   * Every other endpoint: health to anyone (its details to the operator), the rest to the operator
   * only. A wrong credential is refused even on health.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 1)
  SecurityWebFilterChain operatorEndpoints(
      ServerHttpSecurity http, ProblemResponses problems, ReactiveUserDetailsService operators) {
    UserDetailsRepositoryReactiveAuthenticationManager operatorLogin =
        new UserDetailsRepositoryReactiveAuthenticationManager(operators);
    operatorLogin.setPasswordEncoder(SECRETS);
    SecurityProblems refusals =
        new SecurityProblems(
            problems,
            CHALLENGE,
            "This endpoint needs the operator credential: send HTTP Basic",
            "Only the operator may use this endpoint");
    return stateless(http.securityMatcher(EndpointRequest.toAnyEndpoint()))
        .authenticationManager(operatorLogin)
        .httpBasic(basic -> basic.authenticationEntryPoint(refusals))
        .exceptionHandling(
            handling -> handling.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        .authorizeExchange(
            exchanges ->
                exchanges
                    .matchers(EndpointRequest.to(HEALTH))
                    .permitAll()
                    .anyExchange()
                    .hasRole(ROLE))
        .build();
  }

  /**
   * The credential goes with every request: no session, no CSRF token, no saved request, no login
   * form; responses get no added cache headers.
   */
  public static ServerHttpSecurity stateless(ServerHttpSecurity http) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable));
  }

  @Bean
  ReactiveUserDetailsService operators(OperatorCredential credential) {
    if (!credential.enabled()) {
      return username -> Mono.empty();
    }
    UserDetails operator =
        User.withUsername(credential.username())
            .password(SECRETS.encode(credential.password()))
            .roles(ROLE)
            .build();
    // A copy each time: authentication erases the password of the details it is given.
    return username ->
        Mono.justOrEmpty(
            operator.getUsername().equals(username)
                ? User.withUserDetails(operator).build()
                : null);
  }
}
