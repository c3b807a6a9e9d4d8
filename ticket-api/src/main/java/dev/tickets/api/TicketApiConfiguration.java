package dev.tickets.api;

import dev.tickets.events.TicketEventCodec;
import dev.tickets.support.MongoHealthIndicator;
import dev.tickets.support.MongoTimeouts;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Shared building blocks of the service; health component {@code mongo}. */
@Configuration(proxyBeanMethods = false)
@Import({MongoHealthIndicator.class, MongoTimeouts.class})
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
