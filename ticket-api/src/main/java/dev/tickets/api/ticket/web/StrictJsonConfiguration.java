package dev.tickets.api.ticket.web;

import dev.tickets.events.StrictJson;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * JSON input is read as written ({@link StrictJson}: no scalar coercion, no unknown fields, no
 * duplicate keys, nothing after the body). A body that breaks these is a 400.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

  @Bean
  JsonMapperBuilderCustomizer strictTicketInput() {
    return StrictJson::strict;
  }
}
