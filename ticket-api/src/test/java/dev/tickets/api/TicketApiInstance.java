package dev.tickets.api;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole ticket-api of its own, on a free port, for tests that need several instances or must stop
 * one: settings are command-line arguments, so they override application.yaml as an operator's
 * would.
 */
public final class TicketApiInstance {

  /** The operator's password (user {@code operator}) of every instance started here. */
  public static final String OPERATOR_PASSWORD = "test-only-operator-password";

  private TicketApiInstance() {}

  /**
   * Starts an instance on {@code mongoUri} and {@code bootstrapServers}/{@code topic}, plus {@code
   * settings}.
   */
  public static ConfigurableApplicationContext start(
      String mongoUri, String bootstrapServers, String topic, String... settings) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.mongodb.uri=" + mongoUri,
                "--ticket-api.kafka.bootstrap-servers=" + bootstrapServers,
                "--ticket-api.kafka.topic=" + topic,
                "--ticket-api.security.jwt.secret=integration-test-secret-of-at-least-32-bytes",
                "--ticket-api.operator.password=" + OPERATOR_PASSWORD));
    arguments.addAll(List.of(settings));
    return new SpringApplicationBuilder(TicketApiApplication.class)
        .run(arguments.toArray(String[]::new));
  }
}
