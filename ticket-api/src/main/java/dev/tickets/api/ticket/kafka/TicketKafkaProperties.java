package dev.tickets.api.ticket.kafka;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how ticket events are published.
 *
 * @param bootstrapServers Kafka brokers, comma-separated {@code host:port}
 * @param topic the ticket events topic (record key: ticket id)
 * @param deliveryTimeout how long one send may take, retries included, before it counts as failed
 *     and its event is left pending for the sweeper
 * @param closeTimeout how long closing a producer may take to finish the sends it holds (at a
 *     graceful stop, and when the publisher restarts after a failure)
 * @param producer further Kafka producer properties, e.g. {@code security.protocol}; the delivery
 *     guarantees (idempotence, {@code acks=all}, serializers) cannot be overridden here
 */
@ConfigurationProperties("ticket-api.kafka")
public record TicketKafkaProperties(
    @DefaultValue("localhost:9092") String bootstrapServers,
    @DefaultValue("ticket-events") String topic,
    @DefaultValue("30s") Duration deliveryTimeout,
    @DefaultValue("10s") Duration closeTimeout,
    Map<String, String> producer) {

  public TicketKafkaProperties {
    producer = producer == null ? Map.of() : Map.copyOf(producer);
    if (bootstrapServers == null
        || bootstrapServers.isBlank()
        || topic == null
        || topic.isBlank()) {
      throw new IllegalArgumentException(
          "ticket-api.kafka.bootstrap-servers and topic must not be blank");
    }
    if (closeTimeout.isNegative()) {
      throw new IllegalArgumentException("ticket-api.kafka.close-timeout must be >= 0");
    }
  }
}
