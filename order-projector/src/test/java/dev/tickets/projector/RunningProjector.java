package dev.tickets.projector;

import static org.awaitility.Awaitility.await;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.infra.SharedInfrastructure;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.TestInfrastructure;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One order-projector application, started for one test on its own topic, group and database. */
final class RunningProjector implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final MeterRegistry registry;

  private RunningProjector(ConfigurableApplicationContext context) {
    this.context = context;
    this.registry = context.getBean(MeterRegistry.class);
  }

  static RunningProjector start(String name, Map<String, String> overrides) {
    return start(name, overrides, UnaryOperator.identity());
  }

  /** Starts with the application's {@link ReplicaStore} wrapped by {@code storeDecorator}. */
  static RunningProjector start(
      String name, Map<String, String> overrides, UnaryOperator<ReplicaStore> storeDecorator) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("server.port", "0");
    properties.putAll(TestInfrastructure.orderProjectorProperties(name, name));
    properties.put("order-projector.gap-timeout", "2s");
    properties.put("order-projector.commit-interval", "100ms");
    properties.put("order-projector.retry.initial-backoff", "20ms");
    properties.put("order-projector.retry.max-backoff", "200ms");
    properties.putAll(overrides);
    List<String> args = new ArrayList<>();
    properties.forEach((key, value) -> args.add("--" + key + "=" + value));
    return new RunningProjector(
        new SpringApplicationBuilder(OrderProjectorApplication.class)
            .initializers(
                context ->
                    context
                        .getBeanFactory()
                        .addBeanPostProcessor(
                            new BeanPostProcessor() {
                              @Override
                              public Object postProcessAfterInitialization(
                                  Object bean, String beanName) {
                                return bean instanceof ReplicaStore store
                                    ? storeDecorator.apply(store)
                                    : bean;
                              }
                            }))
            .run(args.toArray(String[]::new)));
  }

  /** The HTTP port of the read API and the actuator. */
  int port() {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  /** The actuator's port when it has one of its own ({@code management.server.port}). */
  int managementPort() {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
  }

  TicketReplica replica(String ticketId) {
    return context.getBean(ReplicaStore.class).find(ticketId).block(Duration.ofSeconds(10));
  }

  /** Records settled with the outcome; still readable after {@link #close()}. */
  double records(String outcome) {
    return sum(registry.find("projector.records").tag("outcome", outcome));
  }

  /** Open connections of the projector's Kafka consumer, from its client metrics. */
  double consumerConnections() {
    return sum(registry.find("kafka.consumer.connection.count"));
  }

  /** Rebalances the projector's Kafka consumer took part in, from its client metrics. */
  double rebalances() {
    return sum(registry.find("kafka.consumer.coordinator.rebalance.total"));
  }

  /** Partitions assigned to the projector's Kafka consumer now, from its client metrics. */
  double assignedPartitions() {
    return sum(registry.find("kafka.consumer.coordinator.assigned.partitions"));
  }

  /**
   * The sum of what the meters found measure: counts of counters, values of gauges (0 when none is
   * found).
   */
  private static double sum(Search search) {
    return search.meters().stream()
        .flatMap(meter -> StreamSupport.stream(meter.measure().spliterator(), false))
        .mapToDouble(Measurement::getValue)
        .sum();
  }

  double gapRetries() {
    return registry.counter("projector.gap.retries").count();
  }

  /** Records per write to the store, or {@code null} where the projector does not measure it. */
  DistributionSummary writes() {
    return registry.find("projector.write.batch.size").summary();
  }

  double meanProcessingMillis() {
    return registry.timer("projector.processing").mean(java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until {@code expected} records were applied (at most a minute for the first, five for
   * all) and says how long that took from the call and from the first applied record.
   */
  ApplyTimes awaitApplied(long expected) {
    long started = System.nanoTime();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> records("applied") > 0);
    long firstApplied = System.nanoTime();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> records("applied") == expected);
    long finished = System.nanoTime();
    return new ApplyTimes(
        Duration.ofNanos(finished - started), Duration.ofNanos(finished - firstApplied));
  }

  /** How long applying took, from the start of the wait and from the first applied record. */
  record ApplyTimes(Duration fromStart, Duration fromFirstApplied) {}

  @Override
  public void close() {
    context.close();
  }

  /**
   * The topic of one test and its dead-letter topic, named after the test with a random suffix,
   * with a Kafka client on them; the projectors it starts consume it as their group. Closes them
   * and the client after the test when registered with {@code @RegisterExtension}, or at the end of
   * a try-with-resources.
   */
  static final class Topic implements AfterEachCallback, AutoCloseable {

    private static final TicketEventCodec CODEC = new TicketEventCodec();

    final String name;
    final KafkaTestClient kafka;
    private final List<RunningProjector> projectors = new CopyOnWriteArrayList<>();
    private int partitions = 1;

    /** A topic on the shared broker. */
    Topic(String prefix) {
      this(prefix, SharedInfrastructure.kafkaBootstrapServers());
    }

    Topic(String prefix, String bootstrapServers) {
      this.name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
      this.kafka = new KafkaTestClient(bootstrapServers);
    }

    String deadLetters() {
      return name + ".DLT";
    }

    /** Creates the topic and its dead-letter topic, each with {@code partitions} partitions. */
    Topic create(int partitions) {
      this.partitions = partitions;
      kafka.createTopics(partitions, name, deadLetters());
      return this;
    }

    RunningProjector start(Map<String, String> overrides) {
      return start(overrides, UnaryOperator.identity());
    }

    /** Starts a projector on this topic, closed with it (closing it earlier is fine). */
    RunningProjector start(
        Map<String, String> overrides, UnaryOperator<ReplicaStore> storeDecorator) {
      RunningProjector projector = RunningProjector.start(name, overrides, storeDecorator);
      projectors.add(projector);
      return projector;
    }

    /** Sends one event to {@code partition} and waits for its acknowledgement. */
    void send(int partition, TicketEvent event) {
      kafka.send(record(name, partition, event));
    }

    /** Sends bytes that need not be an event, as a producer with a bug would. */
    void send(int partition, String key, byte[] value) {
      kafka.send(new ProducerRecord<>(name, partition, key, value));
    }

    /** Sends the events in order, each ticket's to one partition. */
    void sendAll(List<TicketEvent> events) {
      kafka.sendAll(records(name, partitions, events));
    }

    /** The offset the projectors' group committed on {@code partition}, or -1 when none. */
    long committed(int partition) {
      return kafka.committed(name, name, partition);
    }

    /** The sum of the offsets the projectors' group committed. */
    long committedTotal() {
      return kafka.committedTotal(name);
    }

    /** Each event as a record of {@code topic}, each ticket's to one of {@code partitions}. */
    static List<ProducerRecord<String, byte[]>> records(
        String topic, int partitions, List<TicketEvent> events) {
      return events.stream()
          .map(
              event ->
                  record(topic, KafkaTestClient.partitionOf(event.ticketId(), partitions), event))
          .toList();
    }

    private static ProducerRecord<String, byte[]> record(
        String topic, int partition, TicketEvent event) {
      return new ProducerRecord<>(topic, partition, event.ticketId(), CODEC.encode(event));
    }

    @Override
    public void afterEach(ExtensionContext context) {
      close();
    }

    @Override
    public void close() {
      projectors.forEach(RunningProjector::close);
      kafka.close();
    }
  }
}
