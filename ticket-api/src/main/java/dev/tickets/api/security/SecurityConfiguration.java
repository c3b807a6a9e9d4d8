package dev.tickets.api.security;

import dev.tickets.support.OperatorAccess;
import dev.tickets.support.OperatorCredential;
import dev.tickets.support.ProblemResponses;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * A stateless bearer-token API: reads of tickets and API docs are public; every other request,
 * ticket writes included, needs a valid JWT whose {@code sub} is the caller. Paths not listed are
 * denied to anonymous callers by default. No sessions, no CSRF (nothing is authenticated by
 * cookie), no basic or form login.
 *
 * <p>The actuator has a chain of its own, before this one ({@link OperatorAccess}): health (its
 * status only), info and the Prometheus scrape are public, the rest needs the operator's HTTP Basic
 * credential ({@code ticket-api.operator.*}); a user's bearer token counts for nothing there.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties({JwtProperties.class, OperatorProperties.class})
@Import(OperatorAccess.class)
class SecurityConfiguration {

  private static final String[] PUBLIC_PATHS = {
    "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**"
  };

  @Bean
  ReactiveJwtDecoder jwtDecoder(JwtProperties properties) {
    return JwtDecoderFactory.create(properties);
  }

  /**
   * No Micrometer observation of each security filter, authentication and authorization: they
   * doubled the observation work of every request (one side-by-side run: 14% of a PUT's CPU, 21% of
   * a POST's). {@code http.server.requests} still times and counts every request, refusals
   * included.
   */
  @Bean
  SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  OperatorCredential operatorCredential(OperatorProperties properties) {
    return properties.operator();
  }

  @Bean
  BearerProblems bearerProblems(ProblemResponses problems) {
    return new BearerProblems(problems);
  }

  @Bean
  SecurityWebFilterChain ticketApiSecurity(ServerHttpSecurity http, BearerProblems problems) {
    return OperatorAccess.stateless(http)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers(HttpMethod.GET, "/api/tickets", "/api/tickets/**")
                    .permitAll()
                    .pathMatchers(HttpMethod.HEAD, "/api/tickets", "/api/tickets/**")
                    .permitAll()
                    .pathMatchers(PUBLIC_PATHS)
                    .permitAll()
                    .anyExchange()
                    .authenticated())
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .jwt(Customizer.withDefaults())
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(
            handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .build();
  }
}
