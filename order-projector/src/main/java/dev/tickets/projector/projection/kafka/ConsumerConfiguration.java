package dev.tickets.projector.projection.kafka;

import dev.tickets.projector.ProjectorProperties;
import dev.tickets.projector.projection.DeadLetterOperations;
import dev.tickets.projector.projection.ParkedTickets;
import dev.tickets.projector.projection.Projection;
import dev.tickets.projector.projection.ProjectionSettings;
import dev.tickets.projector.projection.ReplayMarks;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.ReplicaWaits;
import dev.tickets.projector.projection.web.DeadLettersEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;

/** Wires the projection step to Kafka: the receiver, the dead-letter sender and the lifecycle. */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

  @Bean(destroyMethod = "close")
  KafkaSender<String, byte[]> deadLetterSender(ProjectorProperties properties) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            properties.kafka().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    return KafkaSender.create(
        SenderOptions.<String, byte[]>create(config)
            .withKeySerializer(new StringSerializer())
            .withValueSerializer(new ByteArraySerializer()));
  }

  @Bean
  Projection projection(
      ReplicaStore store,
      ReplicaWaits waits,
      ParkedTickets parked,
      KafkaSender<String, byte[]> deadLetterSender,
      ProjectorProperties properties,
      MeterRegistry registry) {
    ProjectionSettings settings =
        new ProjectionSettings(
            properties.gapTimeout(),
            properties.retry().initialBackoff(),
            properties.retry().maxBackoff(),
            properties.maxWritesInFlight(),
            properties.maxBatchSize(),
            properties.maxDeferredCommits());
    return new Projection(
        waits.observing(store),
        parked,
        new KafkaDeadLetters(deadLetterSender, properties.deadLetterTopic()),
        settings,
        registry);
  }

  @Bean
  ProjectorLifecycle projectorLifecycle(
      Projection projection,
      ReplicaStore store,
      ProjectorProperties properties,
      MeterRegistry registry) {
    ProjectorLifecycle lifecycle =
        new ProjectorLifecycle(
            new ReactorKafkaRecordSource(properties, registry),
            store,
            projection,
            properties.closeTimeout(),
            properties.retry(),
            properties.resubscribeBackoff(),
            properties.resubscribeMaxBackoff());
    Gauge.builder(
            "projector.consumer.up",
            lifecycle,
            running -> running.state() == ProjectorState.RUNNING ? 1 : 0)
        .description("1 while the projector consumes (health component projector UP), else 0")
        .register(registry);
    return lifecycle;
  }

  @Bean
  DeadLetterOperations deadLetterOperations(
      ProjectorProperties properties,
      KafkaSender<String, byte[]> deadLetterSender,
      ReplayMarks marks) {
    return new DeadLetterOperations(
        new KafkaDeadLetterLog(properties, deadLetterSender), marks, Clock.systemUTC());
  }

  @Bean
  DeadLettersEndpoint deadLettersEndpoint(DeadLetterOperations operations) {
    return new DeadLettersEndpoint(operations);
  }

  @Bean
  ProjectorHealthIndicator projectorHealthIndicator(ProjectorLifecycle projectorLifecycle) {
    return new ProjectorHealthIndicator(projectorLifecycle);
  }
}
