package dev.tickets.projector.security;

import dev.tickets.projector.ProjectorProperties;
import dev.tickets.projector.projection.web.DeadLettersEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Who may do what over HTTP: the read API, health, info and metrics are open as before; the
 * operator endpoints ({@code /actuator/deadletters}, listing and replaying parked records) need
 * HTTP Basic with the operator credential ({@code order-projector.operator.*}, role {@code
 * OPERATOR}). Without a configured password no one is the operator: those endpoints answer 401 to
 * everyone.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class OperatorSecurity {

  static final String ROLE = "OPERATOR";

  /**
   * The only security filter chain, and it matches only the operator endpoints (wherever the
   * actuator's base path, path mapping or management port puts them): every other request passes no
   * security filter at all, so the read API, health and metrics answer exactly as without Spring
   * Security (no added cache headers, no 401 for a stray {@code Authorization} header).
   */
  @Bean
  SecurityWebFilterChain operatorEndpoints(ServerHttpSecurity http) {
    return http.securityMatcher(EndpointRequest.to(DeadLettersEndpoint.class))
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .httpBasic(Customizer.withDefaults())
        .authorizeExchange(exchanges -> exchanges.anyExchange().hasRole(ROLE))
        .build();
  }

  @Bean
  ReactiveUserDetailsService operators(ProjectorProperties properties) {
    ProjectorProperties.Operator operator = properties.operator();
    if (!operator.enabled()) {
      return username -> Mono.empty();
    }
    UserDetails user =
        User.withUsername(operator.username())
            .password(
                PasswordEncoderFactories.createDelegatingPasswordEncoder()
                    .encode(operator.password()))
            .roles(ROLE)
            .build();
    return username ->
        Mono.justOrEmpty(
            user.getUsername().equals(username) ? User.withUserDetails(user).build() : null);
  }
}
