package dev.tickets.api.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stateless bearer-token API: reads of tickets, health, info, metrics scraping and API docs are
 * public; every other request, ticket writes included, needs a valid JWT whose {@code sub} is the
 * caller. Paths not listed are denied to anonymous callers by default. No sessions, no CSRF
 * (nothing is authenticated by cookie), no basic or form login.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
class SecurityConfiguration {

  private static final String[] PUBLIC_PATHS = {
    "/actuator/health/**",
    "/actuator/info",
    "/actuator/prometheus",
    "/v3/api-docs/**",
    "/swagger-ui.html",
    "/swagger-ui/**",
    "/webjars/**"
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
  SecurityProblems securityProblems(JsonMapper json) {
    return new SecurityProblems(json);
  }

  @Bean
  SecurityWebFilterChain ticketApiSecurity(ServerHttpSecurity http, SecurityProblems problems) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
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
