package dev.tickets.projector;

import dev.tickets.support.MongoHealthIndicator;
import dev.tickets.support.MongoTimeouts;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * Keeps the orders side's replica of tickets, fed by ticket events, and serves it over HTTP (health
 * component {@code mongo} from service-support).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({MongoHealthIndicator.class, MongoTimeouts.class})
public class OrderProjectorApplication {

  public static void main(String[] args) {
    SpringApplication.run(OrderProjectorApplication.class, args);
  }
}
