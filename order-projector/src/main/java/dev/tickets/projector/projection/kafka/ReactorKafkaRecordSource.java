package dev.tickets.projector.projection.kafka;

import dev.tickets.projector.ProjectorProperties;
import dev.tickets.projector.projection.Delivery;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import reactor.core.publisher.Flux;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;

/**
 * Deliveries from reactor-kafka with manual acknowledgement; {@link OffsetCommits} says when their
 * offsets are committed.
 */
final class ReactorKafkaRecordSource implements RecordSource {

  private final ObservedConsumerFactory consumers;
  private final ReceiverOptions<String, byte[]> options;

  ReactorKafkaRecordSource(ProjectorProperties properties, MeterRegistry registry) {
    this.consumers = new ObservedConsumerFactory(registry);
    Map<String, Object> config = consumerConfig(properties);
    this.options =
        OffsetCommits.configured(
            ReceiverOptions.<String, byte[]>create(config)
                .withKeyDeserializer(new StringDeserializer())
                .withValueDeserializer(new ByteArrayDeserializer())
                .subscription(List.of(properties.topic())),
            properties);
  }

  /** The operator's further consumer properties, then the ones the projection relies on. */
  static Map<String, Object> consumerConfig(ProjectorProperties properties) {
    Map<String, Object> config = new HashMap<>(properties.kafka().consumer());
    config.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            properties.kafka().bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            properties.groupId(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class));
    if (properties.groupInstanceId() != null) {
      config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.groupInstanceId());
    }
    return config;
  }

  @Override
  public Flux<Delivery> receive() {
    return KafkaReceiver.create(consumers, options).receive().map(KafkaDelivery::new);
  }

  @Override
  public CompletableFuture<Void> closed() {
    return consumers.closed();
  }
}
