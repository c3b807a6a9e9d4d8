package dev.tickets.api;

import dev.tickets.events.TicketEventCodec;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared building blocks of the service. */
@Configuration(proxyBeanMethods = false)
class TicketApiConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  TicketEventCodec ticketEventCodec() {
    return new TicketEventCodec();
  }
}
