package dev.tickets.api.ticket.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variable names the README gives for further producer properties. */
class TicketKafkaPropertiesTests {

  @Test
  void bindsFurtherProducerPropertiesFromTheDocumentedEnvironmentVariables() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                    "TICKETAPI_KAFKA_PRODUCER_LINGER_MS",
                    "0",
                    "TICKET_API_KAFKA_TOPIC",
                    "events")));
    ConfigurationPropertySources.attach(environment);

    TicketKafkaProperties properties =
        Binder.get(environment).bindOrCreate("ticket-api.kafka", TicketKafkaProperties.class);

    assertThat(properties.producer()).containsExactly(Map.entry("linger.ms", "0"));
    assertThat(properties.topic()).isEqualTo("events");
  }
}
