package dev.tickets.projector.security;

import dev.tickets.projector.ProjectorProperties;
import dev.tickets.support.OperatorAccess;
import dev.tickets.support.OperatorCredential;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;

/**
 * Who may do what over HTTP: the read API is open; on the actuator, health (its status only), info
 * and the Prometheus scrape are open, and everything else, {@code /actuator/deadletters} and {@code
 * /actuator/metrics} among it, needs the operator credential ({@code order-projector.operator.*},
 * see {@link OperatorAccess}).
 *
 * <p>The only security filter chain is the actuator's: every request outside the actuator passes no
 * security filter at all, so the read API answers exactly as without Spring Security (no added
 * cache headers, no 401 for a stray {@code Authorization} header).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@Import(OperatorAccess.class)
class OperatorSecurity {

  @Bean
  OperatorCredential operatorCredential(ProjectorProperties properties) {
    return properties.operator();
  }
}
