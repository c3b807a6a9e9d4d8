package dev.tickets.projector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Keeps the orders side's replica of tickets, fed by ticket events, and serves it over HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderProjectorApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrderProjectorApplication.class, args);
  }
}
