package dev.tickets.api.security;

import dev.tickets.support.OperatorCredential;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who the operator is.
 *
 * @param operator the operator's HTTP Basic credential for {@code /actuator/metrics} and the other
 *     non-public actuator endpoints, and for health details; without a password no one is the
 *     operator
 */
@ConfigurationProperties("ticket-api")
public record OperatorProperties(
    @DefaultValue @NestedConfigurationProperty OperatorCredential operator) {}
