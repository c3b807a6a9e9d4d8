package dev.tickets.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Tickets over HTTP with atomic versioned writes; every change is published to Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TicketApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(TicketApiApplication.class, args);
  }
}
